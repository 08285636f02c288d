/**
 * The pseudonym vault: the map original <-> pseudonym (UIDs, patient IDs, date offsets) of every
 * send, kept on this workstation only, encrypted with AES-256-GCM (NIST SP 800-38D) under a key
 * that lives in the OS keychain. It lets returned AI results find their original study, and it
 * exports the map as `id_old,id_new` CSV on request. Written atomically: a crash keeps the old file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';
import type { Keychain } from '../keychain/index.js';
import type { PseudonymMapping, PseudonymSink } from '../deid/index.js';

export const VAULT_KEY_NAME = 'pseudonym-vault-key';
const FILE_NAME = 'pseudonyms.vault';
const AAD = Buffer.from('mitate-pseudonym-vault-v1');

const SealedSchema = z.object({
  version: z.literal(1),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
const ContentSchema = z.object({
  uids: z.record(z.string(), z.string()),
  patients: z.record(
    z.string(),
    z.object({ pseudonym: z.string(), dateOffsetDays: z.number().int() }),
  ),
});
type Content = z.infer<typeof ContentSchema>;

export class VaultError extends Error {
  constructor(readonly code: 'vaultKeyMissing' | 'vaultCorrupt') {
    super(code);
    this.name = 'VaultError';
  }
}

async function vaultKey(keychain: Keychain, create: boolean): Promise<Buffer | undefined> {
  const stored = await keychain.get(VAULT_KEY_NAME);
  if (stored !== undefined) return Buffer.from(stored, 'base64');
  if (!create) return undefined;
  const key = randomBytes(32);
  await keychain.set(VAULT_KEY_NAME, key.toString('base64'));
  return key;
}

export class PseudonymVault implements PseudonymSink {
  private readonly byPseudonymUid = new Map<string, string>();

  private constructor(
    private readonly path: string,
    private readonly key: Buffer,
    private readonly content: Content,
  ) {
    for (const [original, pseudonym] of Object.entries(content.uids))
      this.byPseudonymUid.set(pseudonym, original);
  }

  /** Opens (or creates) the vault in `folder`; the key comes from the keychain, created on first use. */
  static async open(folder: string, keychain: Keychain): Promise<PseudonymVault> {
    const path = join(folder, FILE_NAME);
    let sealed: string | undefined;
    try {
      sealed = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (sealed === undefined) {
      const key = (await vaultKey(keychain, true))!;
      return new PseudonymVault(path, key, { uids: {}, patients: {} });
    }
    // A vault without its key is unreadable by design; never replace the key silently.
    const key = await vaultKey(keychain, false);
    if (key === undefined) throw new VaultError('vaultKeyMissing');
    return new PseudonymVault(path, key, PseudonymVault.unseal(sealed, key));
  }

  private static unseal(text: string, key: Buffer): Content {
    try {
      const sealed = SealedSchema.parse(JSON.parse(text));
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(sealed.data, 'base64')),
        decipher.final(),
      ]);
      return ContentSchema.parse(JSON.parse(plain.toString('utf8')));
    } catch {
      throw new VaultError('vaultCorrupt');
    }
  }

  private async save(): Promise<void> {
    // A fresh 96-bit IV for every write (SP 800-38D §8.2.2, random construction).
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const data = Buffer.concat([
      cipher.update(JSON.stringify(this.content), 'utf8'),
      cipher.final(),
    ]);
    const sealed = {
      version: 1,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    await writeFileAtomic(this.path, JSON.stringify(sealed));
  }

  async record(mapping: PseudonymMapping): Promise<void> {
    for (const [original, pseudonym] of mapping.uids) {
      this.content.uids[original] = pseudonym;
      this.byPseudonymUid.set(pseudonym, original);
    }
    for (const patient of mapping.patients) {
      if (patient.originalId === '') continue;
      this.content.patients[patient.originalId] = {
        pseudonym: patient.pseudonym,
        dateOffsetDays: patient.dateOffsetDays,
      };
    }
    await this.save();
  }

  /** The original UID behind a pseudonymized one (for results that reference what we sent). */
  originalUid(pseudonymUid: string): string | undefined {
    return this.byPseudonymUid.get(pseudonymUid);
  }

  pseudonymUid(originalUid: string): string | undefined {
    return this.content.uids[originalUid];
  }

  /** The original patient ID and date offset behind a patient pseudonym. */
  patientOf(pseudonym: string): { originalId: string; dateOffsetDays: number } | undefined {
    for (const [originalId, entry] of Object.entries(this.content.patients))
      if (entry.pseudonym === pseudonym)
        return { originalId, dateOffsetDays: entry.dateOffsetDays };
    return undefined;
  }

  /** `id_old,id_new` lines (RFC 4180) for every UID and patient ID; an explicit, audited export. */
  exportCsv(): string {
    const quote = (value: string): string =>
      /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    const lines = ['id_old,id_new'];
    for (const [original, pseudonym] of Object.entries(this.content.patients))
      lines.push(`${quote(original)},${quote(pseudonym.pseudonym)}`);
    for (const [original, pseudonym] of Object.entries(this.content.uids))
      lines.push(`${quote(original)},${quote(pseudonym)}`);
    return `${lines.join('\r\n')}\r\n`;
  }
}
