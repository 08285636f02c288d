import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@mitate/atomic-write';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwordHash.js';
import {
  clearFailures,
  countFailure,
  lockoutStateSchema,
  type LockoutPolicy,
  type LoginFactor,
} from './lockout.js';
import { acceptTotp } from './totpFactor.js';

/**
 * The platform's accounts, kept in `<dataDir>/accounts.json` and rewritten atomically after
 * every change: password hashes, TOTP secrets with the last accepted time step (the replay
 * cache), WebAuthn credentials, and failure counters with lock times (the lockout survives a
 * restart, so restarting the platform is no way around it). How failures count: lockout.ts.
 */
export const roleSchema = z.enum(['doctor', 'radiologist']);
export type Role = z.infer<typeof roleSchema>;

const webAuthnCredentialSchema = z.object({
  id: z.string(),
  publicKey: z.string(),
  counter: z.number().int().nonnegative(),
  transports: z.array(z.string()).default([]),
});
export type StoredWebAuthnCredential = z.infer<typeof webAuthnCredentialSchema>;

const accountSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    role: roleSchema,
    passwordHash: z.string(),
    totp: z
      .object({ secret: z.string(), confirmed: z.boolean(), lastStep: z.number().int() })
      .optional(),
    webauthn: z.array(webAuthnCredentialSchema).default([]),
  })
  .extend(lockoutStateSchema.shape);
export type Account = z.infer<typeof accountSchema>;

const fileSchema = z.object({ accounts: z.array(accountSchema) });

export type { LockoutPolicy } from './lockout.js';

export type FactorCheck = 'ok' | 'wrong' | 'locked';

export class AccountStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly accounts: Map<string, Account>,
    private readonly lockout: LockoutPolicy,
  ) {}

  static async open(dataDir: string, lockout: LockoutPolicy): Promise<AccountStore> {
    const file = join(dataDir, 'accounts.json');
    let accounts: Account[] = [];
    try {
      accounts = fileSchema.parse(JSON.parse(await readFile(file, 'utf8'))).accounts;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error('accounts.json is unreadable', { cause: error });
    }
    return new AccountStore(
      file,
      new Map(accounts.map((account) => [account.id, account])),
      lockout,
    );
  }

  get size(): number {
    return this.accounts.size;
  }

  byId(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  byUsername(username: string): Account | undefined {
    for (const account of this.accounts.values()) if (account.username === username) return account;
    return undefined;
  }

  async create(input: {
    username: string;
    name: string;
    role: Role;
    password: string;
    totpSecret?: string;
  }): Promise<Account> {
    if (this.byUsername(input.username) !== undefined) throw new Error('user name taken');
    const account: Account = {
      id: randomUUID(),
      username: input.username,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      totp:
        input.totpSecret === undefined
          ? undefined
          : { secret: input.totpSecret, confirmed: true, lastStep: 0 },
      webauthn: [],
      failures: 0,
      factorFailures: { pwd: 0, otp: 0, hwk: 0 },
      lockouts: 0,
      lockedUntil: 0,
    };
    this.accounts.set(account.id, account);
    await this.persist();
    return account;
  }

  isLocked(account: Account, now = Date.now()): boolean {
    return account.lockedUntil > now;
  }

  /**
   * First factor. Unknown user names cost the same scrypt work and give the same answer as a
   * wrong password, so the form does not reveal who has an account.
   */
  async checkPassword(
    username: string,
    password: string,
  ): Promise<{ result: FactorCheck; account?: Account }> {
    const account = this.byUsername(username);
    if (account === undefined) {
      await verifyPassword(password, await decoyPasswordHash);
      return { result: 'wrong' };
    }
    if (this.isLocked(account)) return { result: 'locked', account };
    const ok = await verifyPassword(password, account.passwordHash);
    return { result: await this.record(account, 'pwd', ok), account };
  }

  /** Second factor, TOTP; on success the accepted step is stored so the code cannot be replayed. */
  async checkTotp(account: Account, code: string): Promise<FactorCheck> {
    if (this.isLocked(account)) return 'locked';
    const totp = account.totp;
    const step = totp?.confirmed ? acceptTotp(totp.secret, code, totp.lastStep) : undefined;
    if (totp !== undefined && step !== undefined) totp.lastStep = step;
    return this.record(account, 'otp', step !== undefined);
  }

  /** Starts TOTP enrolment: a new unconfirmed secret, replaced until a code from it is entered. */
  async beginTotpEnrolment(account: Account, secret: string): Promise<void> {
    // As for passkeys below: never a second factor beside an existing one on the password alone.
    if (account.webauthn.length > 0 || account.totp?.confirmed === true)
      throw new Error('the account already has a second factor');
    account.totp = { secret, confirmed: false, lastStep: 0 };
    await this.persist();
  }

  /** Confirms enrolment with a first code from the authenticator app. */
  async confirmTotpEnrolment(account: Account, code: string): Promise<FactorCheck> {
    if (this.isLocked(account)) return 'locked';
    const totp = account.totp;
    // Enrolment is only for an account with no second factor: a passkey holder cannot add TOTP
    // with the password alone.
    const open = totp !== undefined && !totp.confirmed && account.webauthn.length === 0;
    const step = open ? acceptTotp(totp.secret, code, totp.lastStep) : undefined;
    if (totp !== undefined && step !== undefined) {
      totp.lastStep = step;
      totp.confirmed = true;
    }
    return this.record(account, 'otp', step !== undefined);
  }

  /**
   * Registers a passkey. Only an account without any second factor may add one here (the login's
   * enrolment): adding a factor beside an existing one with the password alone would let a
   * password thief plant their own second factor.
   */
  async addWebAuthnCredential(
    account: Account,
    credential: StoredWebAuthnCredential,
  ): Promise<void> {
    if (account.webauthn.length > 0 || account.totp?.confirmed === true)
      throw new Error('the account already has a second factor');
    account.webauthn.push(credential);
    await this.persist();
  }

  /** Records a WebAuthn assertion's outcome (and the authenticator's new signature counter). */
  async recordWebAuthn(
    account: Account,
    ok: boolean,
    credentialId?: string,
    counter?: number,
  ): Promise<FactorCheck> {
    if (this.isLocked(account)) return 'locked';
    const credential = account.webauthn.find((item) => item.id === credentialId);
    if (ok && credential !== undefined && counter !== undefined) credential.counter = counter;
    return this.record(account, 'hwk', ok);
  }

  /** Both factors passed in one interaction: only now are the failure counts forgiven. */
  async completeLogin(account: Account): Promise<void> {
    clearFailures(account);
    await this.persist();
  }

  /** A factor's success changes no count (lockout.ts says why); a failure counts. */
  private async record(account: Account, factor: LoginFactor, ok: boolean): Promise<FactorCheck> {
    if (!ok) countFailure(account, factor, this.lockout);
    await this.persist();
    if (ok) return 'ok';
    return this.isLocked(account) ? 'locked' : 'wrong';
  }

  /** Writes are queued so two changes never interleave their temp-file-and-rename. */
  private persist(): Promise<void> {
    const snapshot = JSON.stringify({ accounts: [...this.accounts.values()] });
    this.writing = this.writing.then(() => writeFileAtomic(this.file, snapshot));
    return this.writing;
  }
}
