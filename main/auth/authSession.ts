/**
 * The signed-in session of this workstation: login through the system browser, the tokens, the
 * silent refresh, resume after restart, logout, and the screen lock that only a fresh login of
 * the same user releases.
 *
 * - The access token stays in this object's memory (never on disk, never sent to the renderer).
 * - The refresh token goes to the OS keychain (sessionSecret.ts); none is stored when the login
 *   lacks a second factor.
 * - Every login, second factor, logout, lock and unlock is recorded as a 110114 User
 *   Authentication audit event (PS3.15 A.5.3.11) when the host gives us the audit log.
 */
import { userInfo } from 'node:os';
import type * as client from 'openid-client';
import type { AuthStatus, ErrorCode, SignedInUser } from '../../preload/contract/index.js';
import type { AuditLog, AuditOutcome } from '../audit/index.js';
import { auditRecords } from '../audit/index.js';
import { HandlerError } from '../errors/index.js';
import { isResponseTooLarge } from '../net/index.js';
import {
  ScreenLock,
  type LockReason,
  type ScreenLockOptions,
  type UnlockPins,
  WORKSTATION,
} from '../session/index.js';
import { LoginCancelled, openLoopbackRedirect, type LoopbackRedirect } from './loopbackRedirect.js';
import {
  beginAuthorization,
  discoverPlatform,
  exchangeCode,
  isProtocolRefusal,
  refresh,
  revoke,
  type TokenResponse,
} from './platformLogin.js';
import { hasSecondFactor } from './secondFactor.js';
import type { SessionSecretStore } from './sessionSecret.js';

export interface AuthSessionOptions {
  platformUrl: string | undefined;
  secrets: SessionSecretStore;
  idleLockSeconds: number;
  audit?: AuditLog;
  /** Opens the login page in the system browser (Electron's shell.openExternal). */
  openExternal?: (url: string) => Promise<void>;
  onChange(status: AuthStatus): void;
  /** Where the lock is kept across restarts, the state found there, and the clock (tests). */
  lockState?: ScreenLockOptions;
  /** The app's language, so the platform's login pages speak it (`ui_locales`). */
  locale?: () => Promise<string>;
  /** The local unlock PINs (main/session); without them only a fresh login unlocks. */
  pins?: UnlockPins;
}

interface LiveTokens {
  accessToken: string;
  refreshToken: string | undefined;
  expiresAt: number;
}

/** Refresh this long before the access token expires (and never sooner than 2 s from now). */
const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 2_000;
const RETRY_OFFLINE_MS = 30_000;

export class AuthSession {
  readonly lock: ScreenLock;
  private config: client.Configuration | undefined;
  private user: SignedInUser | undefined;
  private tokens: LiveTokens | undefined;
  private offline = false;
  private signingIn: LoopbackRedirect | undefined;
  private lastError: ErrorCode | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly signedInListeners: (() => void)[] = [];
  /** PIN checks run one at a time, so two quick guesses cannot share one failure count. */
  private pinQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AuthSessionOptions) {
    this.lock = new ScreenLock(
      options.idleLockSeconds * 1000,
      (reason) => this.locked(reason),
      options.lockState,
    );
    // The idle countdown protects the screen with nobody signed in too; with a PIN on file the
    // last activity on disk counts, so restarting the app does not reset the clock.
    this.lock.watch(options.pins?.has(this.lock.ownerKey()) ?? false);
  }

  status(): AuthStatus {
    return {
      platformUrl: this.options.platformUrl ?? null,
      state:
        this.signingIn !== undefined
          ? 'signing-in'
          : this.user !== undefined
            ? 'signed-in'
            : 'signed-out',
      ...(this.user === undefined ? {} : { user: this.user }),
      tokenStore: this.options.secrets.kind,
      offline: this.offline,
      locked: this.lock.locked,
      idleLockSeconds: this.options.idleLockSeconds,
      unlockPin: this.pinStatus(),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** The current access token for calls to the platform's API (main process only). */
  accessToken(): string | undefined {
    return this.tokens !== undefined && this.tokens.expiresAt > Date.now()
      ? this.tokens.accessToken
      : undefined;
  }

  /** At start: the session in the keychain, if any, comes back (and is refreshed at once). */
  async resume(): Promise<void> {
    const issuer = this.options.platformUrl;
    if (issuer === undefined) return;
    const stored = await this.options.secrets.load(issuer).catch(() => undefined);
    if (stored === undefined) return;
    this.user = stored.user;
    this.options.audit?.setActor({ userId: stored.user.subject, userName: stored.user.name });
    this.lock.arm(stored.user.subject);
    this.changed();
    await this.refreshNow(stored.refreshToken);
  }

  async beginLogin(): Promise<{ url: string; openedByHost: boolean }> {
    const issuer = this.options.platformUrl;
    if (issuer === undefined) throw new HandlerError('auth_no_platform');
    // Signed in and unlocked: a second login would silently replace the user; sign out first.
    if (this.user !== undefined && !this.lock.locked)
      throw new HandlerError('invalid_request', 'already_signed_in');
    this.signingIn?.close();
    this.signingIn = undefined;
    this.lastError = undefined;
    const config = await this.discover().catch((error: unknown) => {
      // A refused address (platformUrlPolicy.ts) or an oversized answer says so; else the network.
      if (error instanceof HandlerError) throw error;
      throw new HandlerError(
        isResponseTooLarge(error) ? 'platform_response_too_large' : 'platform_unreachable',
      );
    });
    const redirect = await openLoopbackRedirect();
    const locale = await this.options.locale?.().catch(() => undefined);
    const pending = await beginAuthorization(
      config,
      redirect.redirectUri,
      this.lock.locked,
      undefined,
      locale,
    );
    this.signingIn = redirect;
    this.changed();
    void redirect.response.then(
      (callback) => this.finishLogin(config, pending, callback, redirect),
      (error: unknown) =>
        this.failLogin(
          redirect,
          error instanceof LoginCancelled ? 'auth_cancelled' : 'auth_failed',
        ),
    );
    const url = pending.url.href;
    let openedByHost = false;
    if (this.options.openExternal !== undefined) {
      await this.options.openExternal(url);
      openedByHost = true;
    }
    return { url, openedByHost };
  }

  cancelLogin(): AuthStatus {
    // Closing the listener rejects its response, which records "cancelled".
    this.signingIn?.close();
    return this.status();
  }

  async logout(): Promise<AuthStatus> {
    const issuer = this.options.platformUrl;
    const tokens = this.tokens;
    const user = this.user;
    this.clearTimers();
    this.tokens = undefined;
    this.user = undefined;
    this.offline = false;
    this.lock.disarm();
    if (issuer !== undefined) {
      // Revocation (RFC 7009) is best effort: offline, the token still leaves the keychain.
      const config = this.config;
      if (config !== undefined && tokens !== undefined) {
        if (tokens.refreshToken !== undefined)
          await revoke(config, tokens.refreshToken, 'refresh_token').catch(() => undefined);
        await revoke(config, tokens.accessToken, 'access_token').catch(() => undefined);
      }
      await this.options.secrets.delete(issuer).catch(() => undefined);
    }
    if (user !== undefined) {
      await this.audit('logout', 0, user.subject);
      this.options.audit?.setActor({ userId: userInfo().username, userName: undefined });
    }
    this.changed();
    return this.status();
  }

  lockNow(reason: LockReason = 'manual'): AuthStatus {
    this.lock.lock(reason);
    return this.status();
  }

  /** Called after each login, and when a resumed or offline session gets a usable token again. */
  onSignedIn(listener: () => void): void {
    this.signedInListeners.push(listener);
  }

  activity(): void {
    this.lock.activity();
  }

  close(): void {
    this.clearTimers();
    this.signingIn?.close();
    this.lock.dispose();
  }

  /**
   * Sets the unlock PIN of whoever the lock protects now (the signed-in user, else the
   * workstation). Changing a PIN asks for the current one. While locked, only a workstation with
   * no PIN yet may set one (and is unlocked by it): there is nobody else to ask.
   */
  setPin(pin: string, currentPin: string | undefined): Promise<AuthStatus> {
    return this.onePinAtATime(async () => {
      const pins = this.requirePins();
      const owner = this.lock.ownerKey();
      const locked = this.lock.locked;
      if (locked && (owner !== WORKSTATION || pins.has(owner)))
        throw new HandlerError('session_locked');
      if (pins.has(owner)) {
        if (currentPin === undefined) throw new HandlerError('unlock_pin_wrong');
        await this.checkPin(pins, owner, currentPin);
      }
      await pins.set(owner, pin);
      if (locked) {
        this.lock.unlock();
        await this.audit('unlock', 0, undefined, 'pin_first_set');
      }
      this.changed();
      return this.status();
    });
  }

  /** Lifts the lock with the local PIN of whoever it protects. */
  unlockWithPin(pin: string): Promise<AuthStatus> {
    return this.onePinAtATime(async () => {
      const pins = this.requirePins();
      if (!this.lock.locked) return this.status();
      const owner = this.lock.ownerKey();
      try {
        await this.checkPin(pins, owner, pin);
      } catch (error) {
        await this.audit('unlock', 4, this.user?.subject, 'pin');
        this.changed();
        throw error;
      }
      this.lock.unlock();
      await this.audit('unlock', 0, this.user?.subject, 'pin');
      this.changed();
      return this.status();
    });
  }

  private pinStatus(): AuthStatus['unlockPin'] {
    const pins = this.options.pins;
    if (pins === undefined) return { available: false, set: false };
    const owner = this.lock.ownerKey();
    const retryAt = pins.retryAt(owner);
    return {
      available: true,
      set: pins.has(owner),
      ...(retryAt === undefined ? {} : { retryAt: new Date(retryAt).toISOString() }),
    };
  }

  private requirePins(): UnlockPins {
    if (this.options.pins === undefined) throw new HandlerError('invalid_request', 'no_unlock_pin');
    return this.options.pins;
  }

  private async checkPin(pins: UnlockPins, owner: string, pin: string): Promise<void> {
    const result = await pins.check(owner, pin);
    if (result.ok) return;
    if (result.reason === 'wait') throw new HandlerError('unlock_pin_wait');
    if (result.reason === 'none') throw new HandlerError('unlock_pin_not_set');
    throw new HandlerError(result.retryAt === undefined ? 'unlock_pin_wrong' : 'unlock_pin_wait');
  }

  private onePinAtATime<T>(task: () => Promise<T>): Promise<T> {
    const next = this.pinQueue.then(task, task);
    this.pinQueue = next.catch(() => undefined);
    return next;
  }

  private async discover(): Promise<client.Configuration> {
    this.config ??= await discoverPlatform(this.options.platformUrl!);
    return this.config;
  }

  private async finishLogin(
    config: client.Configuration,
    pending: Parameters<typeof exchangeCode>[1],
    callback: URL,
    redirect: LoopbackRedirect,
  ): Promise<void> {
    if (this.signingIn !== redirect) return;
    let response: TokenResponse;
    try {
      response = await exchangeCode(config, pending, callback);
    } catch (error) {
      await this.failLogin(
        redirect,
        isResponseTooLarge(error) ? 'platform_response_too_large' : 'auth_failed',
      );
      return;
    }
    const claims = response.claims();
    const amr = claims?.amr;
    if (claims === undefined || !hasSecondFactor(amr)) {
      // One factor only: the platform URL may point at a provider that is not set up for this
      // app. Keep nothing: revoke what it issued and store no token.
      if (response.refresh_token !== undefined)
        await revoke(config, response.refresh_token, 'refresh_token').catch(() => undefined);
      await this.audit('login', 8, claims?.sub, 'single_factor');
      await this.failLogin(redirect, 'auth_single_factor');
      return;
    }
    const user: SignedInUser = {
      subject: claims.sub,
      name:
        typeof claims.name === 'string'
          ? claims.name
          : typeof claims.preferred_username === 'string'
            ? claims.preferred_username
            : claims.sub,
      ...(typeof claims.preferred_username === 'string'
        ? { username: claims.preferred_username }
        : {}),
      ...(typeof claims.mitate_role === 'string' ? { role: claims.mitate_role } : {}),
      loginAt: new Date(
        (typeof claims.auth_time === 'number' ? claims.auth_time : claims.iat) * 1000,
      ).toISOString(),
      amr: (amr as unknown[]).filter((value): value is string => typeof value === 'string'),
    };
    const unlocking = this.lock.locked;
    if (unlocking && !this.lock.mayUnlock(user.subject)) {
      // Another person cannot take over a locked session, not even after a restart that lost the
      // stored session; the first user must sign out (after which any user's fresh login lifts
      // the lock).
      if (response.refresh_token !== undefined)
        await revoke(config, response.refresh_token, 'refresh_token').catch(() => undefined);
      await this.audit('unlock', 4, user.subject, 'other_user');
      await this.failLogin(redirect, 'auth_other_user');
      return;
    }
    this.signingIn = undefined;
    this.user = user;
    this.offline = false;
    this.accept(response);
    await this.saveSecret();
    this.options.audit?.setActor({ userId: user.subject, userName: user.name });
    await this.audit('login', 0, user.subject);
    await this.audit('mfa', 0, user.subject);
    if (unlocking) {
      this.lock.unlock();
      await this.audit('unlock', 0, user.subject);
    }
    this.lock.arm(user.subject, true);
    this.changed();
    for (const listener of this.signedInListeners) listener();
  }

  private async failLogin(redirect: LoopbackRedirect, code: ErrorCode): Promise<void> {
    if (this.signingIn !== redirect) return;
    redirect.close();
    this.signingIn = undefined;
    this.lastError = code;
    if (code === 'auth_failed')
      await this.audit(this.lock.locked ? 'unlock' : 'login', 4, undefined, 'failed');
    this.changed();
  }

  private accept(response: TokenResponse): void {
    const expiresIn = response.expiresIn() ?? 300;
    this.tokens = {
      accessToken: response.access_token,
      refreshToken: response.refresh_token ?? this.tokens?.refreshToken,
      expiresAt: Date.now() + expiresIn * 1000,
    };
    this.schedule(Math.max(MIN_REFRESH_DELAY_MS, expiresIn * 1000 - REFRESH_MARGIN_MS));
    // At sign-in and every refresh (minutes apart while online) the platform countersigns the
    // audit chain's head, so records cut from the log later show against its receipt.
    const { audit, platformUrl } = this.options;
    if (audit?.anchor !== undefined && platformUrl !== undefined)
      void audit.anchor(platformUrl, response.access_token).catch(() => undefined);
  }

  private async saveSecret(): Promise<void> {
    const issuer = this.options.platformUrl;
    const refreshToken = this.tokens?.refreshToken;
    if (issuer === undefined || refreshToken === undefined || this.user === undefined) return;
    await this.options.secrets
      .save(issuer, { refreshToken, user: this.user })
      .catch(() => undefined);
  }

  /** Silent refresh; rotated refresh tokens (the platform rotates on every use) go back to the keychain. */
  private async refreshNow(refreshToken: string | undefined): Promise<void> {
    if (refreshToken === undefined || this.user === undefined) return;
    const subject = this.user.subject;
    try {
      const config = await this.discover();
      const response = await refresh(config, refreshToken);
      if (this.user?.subject !== subject) return;
      const claims = response.claims();
      if (claims !== undefined && claims.sub !== subject) throw new Error('subject changed');
      // A resumed session, or one back from offline, has a usable token again: tell the listeners.
      const regained = this.tokens === undefined || this.offline;
      this.offline = false;
      this.accept(response);
      await this.saveSecret();
      if (regained) for (const listener of this.signedInListeners) listener();
    } catch (error) {
      if (this.user?.subject !== subject) return;
      if (
        isProtocolRefusal(error) ||
        (error instanceof Error && error.message === 'subject changed')
      ) {
        // The platform ended the session (expired, revoked, rotated elsewhere): sign out here too.
        await this.logout();
        return;
      }
      this.config = undefined;
      this.offline = true;
      this.tokens = this.tokens === undefined ? undefined : { ...this.tokens, refreshToken };
      this.schedule(RETRY_OFFLINE_MS, refreshToken);
    }
    this.changed();
  }

  private schedule(delayMs: number, refreshToken?: string): void {
    this.clearTimers();
    this.refreshTimer = setTimeout(
      () => void this.refreshNow(refreshToken ?? this.tokens?.refreshToken),
      delayMs,
    );
    this.refreshTimer.unref();
  }

  private clearTimers(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  private locked(reason: LockReason): void {
    void this.audit('lock', 0, this.user?.subject, reason);
    this.changed();
  }

  private async audit(
    kind: 'login' | 'logout' | 'mfa' | 'lock' | 'unlock',
    outcome: AuditOutcome,
    userId?: string,
    reason?: string,
  ): Promise<void> {
    const log = this.options.audit;
    if (log === undefined) return;
    await log
      .record(
        auditRecords.userAuthentication({
          kind,
          outcome,
          ...(userId === undefined ? {} : { userId }),
          ...(reason === undefined ? {} : { reason }),
        }),
      )
      .catch(() => undefined);
  }

  private changed(): void {
    this.options.onChange(this.status());
  }
}
