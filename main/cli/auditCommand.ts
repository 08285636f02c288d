/**
 * `npx mitate audit verify <file> [--read-only] [--platform URL]`: checks an audit log's chain.
 *
 * The chain's key comes from this user's OS keychain (the app made it there); without it the
 * hashes are checked unkeyed, and said so. With `--platform` (or `MITATE_PLATFORM_URL`) the
 * receipts kept in `<file>.anchors` are checked against the platform's published key: a receipt
 * it did not sign is refused, and a log shorter than, or different from, a countersigned head
 * fails. Exit 0 when every entry is intact and in order; 1 when an entry was edited, removed or
 * moved, the log was cut, or a receipt is forged (stderr names the first bad line); 2 for a
 * usage error or an unreadable file. The result is one JSON object on stdout for scripts.
 *
 * Reading the audit trail is itself audited (PS3.15 A.5.3.2 "Audit Log Used", 110101): after a
 * successful check the access is appended to the same log, so its chain stays whole. Pass
 * `--read-only` to check a copy (an archive, a file sent for review) without writing to it. A
 * log that fails the check is never written to.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import {
  anchorsPath,
  auditRecords,
  checkReceipts,
  FileAuditLog,
  headPath,
  loadChainKey,
  platformSigningKeys,
  readHead,
  verifyChain,
  type AnchoredHead,
  type ChainKey,
} from '../audit/index.js';
import { osKeychain } from '../keychain/index.js';
import type { Command } from './mitate.js';

const USAGE = 'usage: mitate audit verify <file> [--read-only] [--platform URL]';

async function verify(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'read-only': { type: 'boolean', default: false },
      platform: { type: 'string' },
    },
  });
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `mitate audit: cannot read the log (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
    );
    return 2;
  }
  // The head record beside the log (if it was copied along) shows entries removed from the end.
  const head = await readHead(file);
  if (head === undefined)
    process.stderr.write(
      `mitate audit: no ${basename(headPath(file))} beside the log: entries removed from its end cannot be detected\n`,
    );
  const keychain = osKeychain();
  let key: ChainKey | undefined;
  try {
    key = await loadChainKey(keychain, file);
  } catch {
    process.stderr.write('mitate audit: the keychain cannot be reached: hashes checked unkeyed\n');
  }
  if (key === undefined)
    process.stderr.write('mitate audit: no chain key for this log in the keychain\n');
  const platform = values.platform ?? process.env.MITATE_PLATFORM_URL;
  let anchors: AnchoredHead[] = [];
  if (platform !== undefined) {
    let keys;
    try {
      keys = await platformSigningKeys(platform.replace(/\/+$/, ''));
    } catch {
      process.stderr.write("mitate audit: the platform's published key cannot be read\n");
      return 2;
    }
    const receipts = await checkReceipts(file, keys, platform);
    if (receipts.refused.length > 0) {
      process.stdout.write(
        `${JSON.stringify({ ok: false, problem: 'forged-receipt', receiptLines: receipts.refused })}\n`,
      );
      process.stderr.write(
        `mitate audit: line ${receipts.refused[0]} of ${basename(anchorsPath(file))} is not a receipt signed by the platform: refused\n`,
      );
      return 1;
    }
    anchors = receipts.anchors;
  } else if (existsSync(anchorsPath(file)))
    process.stderr.write(
      'mitate audit: receipts not checked (name the platform with --platform): entries cut from the end may go unseen\n',
    );
  const result = verifyChain(text, { ...(head === undefined ? {} : { head }), key, anchors });
  if (!result.ok) {
    process.stdout.write(
      `${JSON.stringify({ ok: false, line: result.line, problem: result.problem })}\n`,
    );
    process.stderr.write(`mitate audit: ${result.message}\n`);
    return 1;
  }
  if (!values['read-only']) {
    const log = new FileAuditLog({ file, application: 'mitate audit', keychain });
    await log.record(auditRecords.auditLogUsed({ source: file, outcome: 0, reason: 'verify' }));
  }
  const anchored = result.anchored;
  process.stdout.write(
    `${JSON.stringify({ ok: true, entries: result.entries, lastTime: result.lastTime ?? null, keyed: key !== undefined, anchoredThrough: anchored?.count ?? null })}\n`,
  );
  process.stderr.write(`mitate audit: ${result.entries} entries, chain intact\n`);
  if (anchored !== undefined && anchored.count < result.entries)
    process.stderr.write(
      `mitate audit: records after ${anchored.count} (the last head the platform countersigned, ${anchored.time}) are not countersigned yet\n`,
    );
  return 0;
}

export const auditCommand: Command = {
  summary: 'verify the audit trail (hash chain): audit verify <file> [--read-only]',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'verify') return verify(rest);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  },
};
