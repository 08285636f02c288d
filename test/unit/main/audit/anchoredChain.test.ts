/**
 * The attacks on the audit trail, made as someone with write access to the data folder would:
 * cut the newest records and recompute the (formerly unkeyed) hashes, rewrite a record in the
 * middle, and add a receipt they signed themselves. The chain's key is in the real OS keychain
 * (run inside test/support/with-keyring.sh), the heads are countersigned by the real reference
 * platform over HTTP, and the check is `mitate audit verify` as its own process.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CompactSign, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorHead, anchorsPath } from '../../../../main/audit/anchorReceipts.js';
import { verifyChain } from '../../../../main/audit/auditChain.js';
import { auditRecords } from '../../../../main/audit/auditRecords.js';
import { FileAuditLog, headPath } from '../../../../main/audit/fileAuditLog.js';
import { osKeychain } from '../../../../main/keychain/keychain.js';
import { repoRoot } from '../../../support/paths.js';
import { startSignedInPlatform, type SignedInPlatform } from '../jobs/platformSession.js';

const keyringReady = process.env.MITATE_TEST_KEYRING === '1' && (await osKeychain().isAvailable());
const withKeyring = keyringReady ? describe : describe.skip;
const WHY = keyringReady ? '' : ' (skipped: no Secret Service; run inside with-keyring.sh)';

/** What an attacker without the key can do: rehash a line's text with plain SHA-256. */
function rehashUnkeyed(lines: string[]): string[] {
  let prev = '0'.repeat(64);
  return lines.map((line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    delete entry['hash'];
    entry['prev'] = prev;
    const body = JSON.stringify(entry);
    prev = createHash('sha256').update(body).digest('hex');
    return `${body.slice(0, -1)},"hash":"${prev}"}`;
  });
}

const joined = (lines: string[]): string => `${lines.join('\n')}\n`;

withKeyring(`audit trail: keyed chain and platform-anchored head${WHY}`, () => {
  let signedIn: SignedInPlatform;
  let cli: string;
  let work: string;
  beforeAll(async () => {
    signedIn = await startSignedInPlatform();
    await mkdir(join(repoRoot, 'node_modules/.cache'), { recursive: true });
    work = await mkdtemp(join(repoRoot, 'node_modules/.cache/mitate-audit-anchor-'));
    cli = join(work, 'mitate.mjs');
    await build({
      entryPoints: [join(repoRoot, 'main/cli/index.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'error',
    });
  });
  afterAll(async () => {
    await signedIn.platform.close();
    await rm(work, { recursive: true, force: true });
  });

  /** `mitate audit verify` as its own process (asynchronously: the platform answers from this one). */
  const verify = (file: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, 'audit', 'verify', file, '--read-only', '--platform', signedIn.platform.url],
        { encoding: 'utf8', cwd: repoRoot },
        (error, stdout, stderr) =>
          resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr }),
      );
    });

  /** Eight records; the platform countersigned the head after the sixth. */
  async function anchoredLog(): Promise<{ file: string; lines: string[] }> {
    const dir = await mkdtemp(join(tmpdir(), 'mitate-audit-anchor-'));
    const file = join(dir, 'audit', 'audit.jsonl');
    const log = new FileAuditLog({ file, application: 'Mitate test', keychain: osKeychain() });
    await log.record(auditRecords.applicationStart());
    for (let index = 0; index < 5; index++)
      await log.record(auditRecords.securityAlert({ reason: `r${index}` }));
    const anchored = await anchorHead({
      file,
      head: await log.head(),
      platformUrl: signedIn.platform.url,
      accessToken: signedIn.token,
    });
    expect(anchored.count).toBe(6);
    await log.record(auditRecords.securityAlert({ reason: 'after-anchor' }));
    await log.record(auditRecords.applicationStop());
    return { file, lines: (await readFile(file, 'utf8')).split('\n').filter(Boolean) };
  }

  it('an intact log verifies, keyed, anchored through record 6, and says what is not anchored yet', async () => {
    const { file } = await anchoredLog();
    const result = await verify(file);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      entries: 8,
      keyed: true,
      anchoredThrough: 6,
    });
    expect(result.stderr).toContain('records after 6');
  });

  it('cutting the last records and recomputing the hashes unkeyed fails (the old check passed it)', async () => {
    const { file, lines } = await anchoredLog();
    const forged = rehashUnkeyed(lines.slice(0, 4));
    await writeFile(file, joined(forged));
    const last = JSON.parse(forged[3]!) as { hash: string };
    await writeFile(headPath(file), JSON.stringify({ seq: 4, hash: last.hash }));
    // The unkeyed chain alone cannot see it: this is the attack that used to pass.
    expect(verifyChain(joined(forged), { seq: 4, hash: last.hash }).ok).toBe(true);
    const result = await verify(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 1 was edited');
  });

  it('cutting keyed records below the countersigned head: "truncated after record 4"', async () => {
    const { file, lines } = await anchoredLog();
    await writeFile(file, joined(lines.slice(0, 4)));
    const last = JSON.parse(lines[3]!) as { hash: string };
    await writeFile(headPath(file), JSON.stringify({ seq: 4, hash: last.hash }));
    const result = await verify(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('truncated after record 4');
    expect(result.stderr).toContain('countersigned 6 records');
  });

  it('rewriting a record in the middle names that record', async () => {
    const { file, lines } = await anchoredLog();
    const edited = [...lines];
    edited[2] = rehashUnkeyed(lines.slice(0, 3))[2]!.replace('"r1"', '"rX"');
    await writeFile(file, joined(edited));
    const result = await verify(file);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, line: 3, problem: 'edited' });
    expect(result.stderr).toContain('line 3 was edited');
  });

  it('a receipt not signed by the platform is refused, even for a head that matches', async () => {
    const { file, lines } = await anchoredLog();
    const genuine = (await readFile(anchorsPath(file), 'utf8')).trim();
    const { kid } = decodeProtectedHeader(genuine);
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const claim = {
      iss: signedIn.platform.url,
      head: (JSON.parse(lines[7]!) as { hash: string }).hash,
      count: 8,
      time: new Date().toISOString(),
    };
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(claim)))
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'mitate-audit-receipt+jws' })
      .sign(privateKey);
    await appendFile(anchorsPath(file), `${forged}\n`);
    const result = await verify(file);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      problem: 'forged-receipt',
      receiptLines: [2],
    });
  });

  it('the platform refuses to countersign without a valid access token', async () => {
    const response = await fetch(`${signedIn.platform.url}/api/audit/anchors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ head: '0'.repeat(64), count: 1 }),
    });
    expect(response.status).toBe(401);
  });
});
