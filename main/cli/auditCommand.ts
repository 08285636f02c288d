/**
 * `npx mitate audit verify <file> [--read-only]`: checks an audit log's hash chain.
 *
 * Exit 0 when every entry is intact and in order; 1 when an entry was edited, removed or moved
 * (stderr names the first bad line). Removal of the newest entries is found with the head record
 * the app keeps beside the log (`audit.jsonl.head`); 2 for a usage error or an unreadable file. The result is
 * one JSON object on stdout for scripts.
 *
 * Reading the audit trail is itself audited (PS3.15 A.5.3.2 "Audit Log Used", 110101): after a
 * successful check the access is appended to the same log, so its chain stays whole. Pass
 * `--read-only` to check a copy (an archive, a file sent for review) without writing to it. A
 * log that fails the check is never written to.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { auditRecords, FileAuditLog, headPath, readHead, verifyChain } from '../audit/index.js';
import type { Command } from './mitate.js';

const USAGE = 'usage: mitate audit verify <file> [--read-only]';

async function verify(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'read-only': { type: 'boolean', default: false } },
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
  const result = verifyChain(text, head);
  if (!result.ok) {
    process.stdout.write(
      `${JSON.stringify({ ok: false, line: result.line, problem: result.problem })}\n`,
    );
    process.stderr.write(`mitate audit: ${result.message}\n`);
    return 1;
  }
  if (!values['read-only']) {
    const log = new FileAuditLog({ file, application: 'mitate audit' });
    await log.record(auditRecords.auditLogUsed({ source: file, outcome: 0, reason: 'verify' }));
  }
  process.stdout.write(
    `${JSON.stringify({ ok: true, entries: result.entries, lastTime: result.lastTime ?? null })}\n`,
  );
  process.stderr.write(`mitate audit: ${result.entries} entries, chain intact\n`);
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
