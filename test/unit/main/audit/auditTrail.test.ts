import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditClock, formatWithOffset } from '../../../../main/audit/auditClock.js';
import { verifyChain } from '../../../../main/audit/auditChain.js';
import { loadChainKey } from '../../../../main/audit/chainKey.js';
import { osKeychain } from '../../../../main/keychain/keychain.js';
import { auditPatient, auditRecords } from '../../../../main/audit/auditRecords.js';
import { FileAuditLog } from '../../../../main/audit/fileAuditLog.js';
import { InstanceAccessRecorder } from '../../../../main/audit/instanceAccessRecorder.js';
import type { IndexedInstance } from '../../../../main/library/studyLibrary.js';
import { repoRoot } from '../../../support/paths.js';

async function freshLog(): Promise<FileAuditLog> {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-audit-'));
  return new FileAuditLog({ file: join(dir, 'audit', 'audit.jsonl'), application: 'Mitate test' });
}

const patient = auditPatient('P-0042', {
  alphabetic: 'Yamada Tarou',
  ideographic: '山田 太郎',
  phonetic: 'やまだ たろう',
});

/** A log of five entries of different kinds, and its lines. */
async function fiveEntries(): Promise<{ log: FileAuditLog; lines: string[] }> {
  const log = await freshLog();
  await log.record(auditRecords.applicationStart());
  await log.record(
    auditRecords.import({
      source: '/data/in',
      patients: [patient],
      studies: [{ studyInstanceUid: '1.2.3' }],
      outcome: 0,
    }),
  );
  await log.record(
    auditRecords.instancesAccessed({
      patients: [patient],
      studies: [{ studyInstanceUid: '1.2.3', instances: ['1.2.3.4'] }],
    }),
  );
  await log.record(auditRecords.securityAlert({ reason: 'policy_invalid' }));
  await log.record(auditRecords.applicationStop());
  const lines = (await readFile(log.file, 'utf8')).split('\n').filter(Boolean);
  return { log, lines };
}

const joined = (lines: string[]): string => `${lines.join('\n')}\n`;

describe('audit trail file', () => {
  it('writes one hash-chained JSON entry per event with event code, time with offset, actor, patient and outcome', async () => {
    const { lines } = await fiveEntries();
    expect(lines).toHaveLength(5);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => (e['event'] as { code: string }).code)).toEqual([
      '110100',
      '110107',
      '110103',
      '110113',
      '110100',
    ]);
    expect(entries.map((e) => (e['type'] as { code: string } | undefined)?.code)).toEqual([
      '110120',
      undefined,
      undefined,
      '110129',
      '110121',
    ]);
    expect(entries.map((e) => e['seq'])).toEqual([1, 2, 3, 4, 5]);
    for (const entry of entries) {
      expect(entry['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
      expect(entry['actor']).toMatchObject({ application: 'Mitate test' });
    }
    expect(entries.map((e) => e['outcome'])).toEqual([0, 0, 0, 4, 0]);
    // The audit log is the one place where the patient's identity is written.
    expect(entries[1]).toMatchObject({
      patients: [{ id: 'P-0042', name: 'Yamada Tarou=山田 太郎=やまだ たろう' }],
      source: '/data/in',
      action: 'C',
    });
    expect(entries[0]!['prev']).toBe('0'.repeat(64));
    expect(entries[1]!['prev']).toBe(entries[0]!['hash']);
    expect(verifyChain(joined(lines))).toMatchObject({ ok: true, entries: 5, lastSeq: 5 });
  });

  it('is readable by its user only', async () => {
    const { log } = await fiveEntries();
    expect((await stat(log.file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(log.file, '..'))).mode & 0o777).toBe(0o700);
  });

  it('sets a log made readable to others back to the user only, and records that as a security alert', async () => {
    const { log } = await fiveEntries();
    await chmod(log.file, 0o644);
    const reopened = new FileAuditLog({ file: log.file, application: 'Mitate test' });
    await reopened.record(auditRecords.applicationStart());
    expect((await stat(log.file)).mode & 0o777).toBe(0o600);
    const lines = (await readFile(log.file, 'utf8')).split('\n').filter(Boolean);
    expect(JSON.parse(lines[5]!)).toMatchObject({
      event: { code: '110113' },
      reason: 'audit_log_permissions_reset',
    });
    expect(verifyChain(joined(lines)).ok).toBe(true);
  });

  it('keeps one unbroken chain when two processes append to the same log at once', async () => {
    const first = await freshLog();
    const second = new FileAuditLog({ file: first.file, application: 'mitate audit' });
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 === 0 ? first : second).record(
          auditRecords.securityAlert({ reason: `r${index}` }),
        ),
      ),
    );
    expect(verifyChain(await readFile(first.file, 'utf8'))).toMatchObject({
      ok: true,
      entries: 40,
    });
  });

  it('continues the chain after a crash cut the last write short, and the check shows where', async () => {
    const { log, lines } = await fiveEntries();
    await writeFile(log.file, `${joined(lines)}${lines[4]!.slice(0, 40)}`);
    expect(verifyChain(await readFile(log.file, 'utf8'))).toMatchObject({
      ok: false,
      line: 6,
      problem: 'incomplete',
    });
    await log.record(auditRecords.applicationStart());
    const after = (await readFile(log.file, 'utf8')).split('\n').filter(Boolean);
    expect(JSON.parse(after[6]!)).toMatchObject({ seq: 6, prev: JSON.parse(lines[4]!).hash });
    expect(verifyChain(joined(after))).toMatchObject({ ok: false, line: 6, problem: 'unreadable' });
  });
});

describe('audit chain check', () => {
  it('finds an edited entry (a changed patient ID) at its line', async () => {
    const { lines } = await fiveEntries();
    lines[1] = lines[1]!.replace('P-0042', 'P-0043');
    expect(verifyChain(joined(lines))).toMatchObject({ ok: false, line: 2, problem: 'edited' });
  });

  it('finds an edited entry whose hash was recomputed, at the next line', async () => {
    const { lines } = await fiveEntries();
    const { createHash } = await import('node:crypto');
    const edited = lines[2]!.replace('"outcome":0', '"outcome":4');
    const at = edited.lastIndexOf(',"hash":"');
    const hash = createHash('sha256')
      .update(`${edited.slice(0, at)}}`)
      .digest('hex');
    lines[2] = `${edited.slice(0, at)},"hash":"${hash}"}`;
    expect(verifyChain(joined(lines))).toMatchObject({
      ok: false,
      line: 4,
      problem: 'chain-broken',
    });
  });

  it('finds a removed entry in the middle and at the start', async () => {
    const { lines } = await fiveEntries();
    expect(verifyChain(joined([...lines.slice(0, 2), ...lines.slice(3)]))).toMatchObject({
      ok: false,
      line: 3,
      problem: 'removed-before',
    });
    expect(verifyChain(joined(lines.slice(1)))).toMatchObject({
      ok: false,
      line: 1,
      problem: 'removed-before',
    });
  });

  it('finds reordered entries', async () => {
    const { lines } = await fiveEntries();
    expect(
      verifyChain(joined([lines[0]!, lines[2]!, lines[1]!, lines[3]!, lines[4]!])),
    ).toMatchObject({ ok: false, line: 2 });
    expect(
      verifyChain(joined([lines[0]!, lines[1]!, lines[3]!, lines[2]!, lines[4]!])),
    ).toMatchObject({ ok: false, line: 3 });
    expect(verifyChain(joined([...lines, lines[0]!]))).toMatchObject({
      ok: false,
      line: 6,
      problem: 'out-of-order',
    });
  });

  it('finds a line that is not an entry at all', async () => {
    const { lines } = await fiveEntries();
    expect(
      verifyChain(joined([...lines.slice(0, 3), '{"note":"inserted"}', ...lines.slice(3)])),
    ).toMatchObject({ ok: false, line: 4, problem: 'unreadable' });
  });
});

describe('removal of the newest entries (head record)', () => {
  it('is invisible to the chain alone but found with the head record', async () => {
    const { log, lines } = await fiveEntries();
    const head = JSON.parse(await readFile(`${log.file}.head`, 'utf8')) as {
      seq: number;
      hash: string;
    };
    expect(head).toEqual({ seq: 5, hash: JSON.parse(lines[4]!).hash });
    expect(verifyChain(joined(lines.slice(0, 4))).ok).toBe(true);
    expect(verifyChain(joined(lines.slice(0, 4)), head)).toMatchObject({
      ok: false,
      line: 5,
      problem: 'removed-at-end',
    });
    expect(verifyChain(joined(lines), head)).toMatchObject({ ok: true, entries: 5 });
  });

  it('is written into the log as a security alert when the app finds it at start', async () => {
    const { log, lines } = await fiveEntries();
    await writeFile(log.file, joined(lines.slice(0, 3)));
    const reopened = new FileAuditLog({ file: log.file, application: 'Mitate test' });
    await reopened.record(auditRecords.applicationStart());
    const after = (await readFile(log.file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(after[3]).toMatchObject({
      seq: 4,
      event: { code: '110113' },
      outcome: 12,
      reason: 'audit_log_entries_removed',
      detail: { expectedSeq: 5, foundSeq: 3 },
    });
  });
});

describe('trusted clock', () => {
  it('writes local time with its UTC offset', () => {
    const instant = Date.UTC(2026, 10, 22, 13, 5, 9, 7);
    expect(formatWithOffset(instant, 540)).toBe('2026-11-22T22:05:09.007+09:00');
    expect(formatWithOffset(instant, -300)).toBe('2026-11-22T08:05:09.007-05:00');
    expect(formatWithOffset(instant, 330)).toBe('2026-11-22T18:35:09.007+05:30');
    expect(Date.parse(formatWithOffset(instant, 540))).toBe(instant);
  });

  it('marks an entry whose time is earlier than the one before (the clock was set back)', () => {
    let now = Date.UTC(2026, 10, 22, 13, 0, 0);
    const clock = new AuditClock(() => now);
    expect(clock.stamp().steppedBackMs).toBeUndefined();
    now -= 60_000;
    expect(clock.stamp().steppedBackMs).toBe(60_000);
  });
});

describe('instances accessed (110103)', () => {
  function instance(id: string, study: string): IndexedInstance {
    return {
      id,
      path: `/x/${id}`,
      size: 1,
      order: 0,
      header: {
        studyInstanceUid: study,
        sopInstanceUid: `${study}.${id}`,
        patientId: `PID-${study}`,
        patientName: { alphabetic: 'A', ideographic: '', phonetic: '' },
      } as IndexedInstance['header'],
    };
  }

  it('writes one entry per study with each instance once, not one per read', async () => {
    const log = await freshLog();
    const recorder = new InstanceAccessRecorder(log, 60_000);
    for (const id of ['a', 'b', 'a', 'c']) recorder.accessed(instance(id, '1.1'));
    recorder.accessed(instance('d', '2.2'));
    await recorder.flush();
    recorder.accessed(instance('a', '1.1'));
    await recorder.flush();
    const entries = (await readFile(log.file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      event: { code: '110103' },
      action: 'R',
      patients: [{ id: 'PID-1.1' }],
      studies: [
        { studyInstanceUid: '1.1', instances: ['1.1.a', '1.1.b', '1.1.c'], instanceCount: 3 },
      ],
    });
    expect(entries[1]).toMatchObject({
      patients: [{ id: 'PID-2.2' }],
      studies: [{ studyInstanceUid: '2.2', instanceCount: 1 }],
    });
  });
});

describe('npx mitate audit verify', () => {
  let cli: string;
  let cliDir: string;
  afterAll(() => rm(cliDir, { recursive: true, force: true }));
  beforeAll(async () => {
    // Inside the repository, so that the bundle's bare imports resolve to node_modules.
    await mkdir(join(repoRoot, 'node_modules/.cache'), { recursive: true });
    const dir = await mkdtemp(join(repoRoot, 'node_modules/.cache/mitate-cli-'));
    cli = join(dir, 'mitate.mjs');
    cliDir = dir;
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
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, 'audit', 'verify', ...args], {
      encoding: 'utf8',
      cwd: repoRoot,
    });

  it('passes an intact log, and records that the log was read (110101) in the same chain', async () => {
    const { log } = await fiveEntries();
    const result = run(log.file);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, entries: 5 });
    const text = await readFile(log.file, 'utf8');
    // The CLI keys the chain from its own entry on when the OS keychain is there (chainKey.ts);
    // without one, it first records that the chain stays unkeyed.
    const key = await loadChainKey(osKeychain(), log.file).catch(() => undefined);
    expect(verifyChain(text, { key })).toMatchObject({ ok: true, entries: key ? 6 : 7 });
    expect(JSON.parse(text.trim().split('\n').at(-1)!)).toMatchObject({
      event: { code: '110101' },
      action: 'R',
      reason: 'verify',
    });
  });

  it('leaves a copy untouched with --read-only', async () => {
    const { log } = await fiveEntries();
    const before = await readFile(log.file, 'utf8');
    expect(run(log.file, '--read-only').status).toBe(0);
    expect(await readFile(log.file, 'utf8')).toBe(before);
  });

  it('fails with the line of a tampered entry and does not write to that log', async () => {
    const { log, lines } = await fiveEntries();
    lines[2] = lines[2]!.replace('1.2.3.4', '1.2.3.5');
    await writeFile(log.file, joined(lines));
    const result = run(log.file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 3');
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, line: 3, problem: 'edited' });
    expect(await readFile(log.file, 'utf8')).toBe(joined(lines));
  });

  it('fails when the newest entry was removed, naming the missing line', async () => {
    const { log, lines } = await fiveEntries();
    await writeFile(log.file, joined(lines.slice(0, 4)));
    const result = run(log.file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 5 is missing');
  });

  it('says how to use it when the file is missing', () => {
    expect(run().status).toBe(2);
    expect(run('/nonexistent/audit.jsonl').status).toBe(2);
  });
});
