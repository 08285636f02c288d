// The audit trail's figures:
//   audit.append_per_s         entries appended per second, each locked, chained, fsynced, head updated
//                              (an import or a viewed series is one entry, so this bounds nothing
//                              a doctor does; it shows the cost of durability)
//   audit.append_p95_ms        95th percentile of one append, as a caller waits for it
//   audit.verify_entries_per_s `mitate audit verify` throughput over a 20,000-entry log
//   audit.forward_per_s        entries forwarded as syslog over TLS to a local listener
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import type * as fileAuditLog from '../main/audit/fileAuditLog.js';
import type * as auditChain from '../main/audit/auditChain.js';
import type * as auditRecordsModule from '../main/audit/auditRecords.js';
import type * as auditForwarder from '../main/audit/auditForwarder.js';
import type { BenchContext } from './figures.ts';
import { loadModules } from './loadModules.ts';

type Modules = typeof fileAuditLog &
  typeof auditChain &
  typeof auditRecordsModule &
  typeof auditForwarder;

function bundle(root: string): Promise<Modules> {
  return loadModules(root, 'audit', [
    'main/audit/fileAuditLog.ts',
    'main/audit/auditChain.ts',
    'main/audit/auditRecords.ts',
    'main/audit/auditForwarder.ts',
  ]);
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const { FileAuditLog, verifyChain, auditRecords, auditPatient, AuditForwarder } =
    await bundle(root);
  const dir = await mkdtemp(join(tmpdir(), 'mitate-bench-audit-'));
  try {
    const patient = auditPatient('P-0042', {
      alphabetic: 'Yamada Tarou',
      ideographic: '山田 太郎',
      phonetic: '',
    });
    const event = auditRecords.instancesAccessed({
      patients: [patient],
      studies: [
        {
          studyInstanceUid: '1.2.826.0.1.3680043.8.498.1',
          instanceCount: 96,
          instances: Array.from({ length: 96 }, (_, i) => `1.2.826.0.1.3680043.8.498.1.${i}`),
        },
      ],
    });

    const log = new FileAuditLog({ file: join(dir, 'audit.jsonl'), application: 'bench' });
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await log.record(event);
      times.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    print('audit.append_per_s', 500 / seconds, 'entries/s', {
      entries: 500,
      entryBytes: Math.round((await readFile(log.file)).length / 500),
      note: 'fsync per entry',
    });
    print('audit.append_p95_ms', times[Math.floor(times.length * 0.95)]!, 'ms');

    // A long log for verification: the same entry chained 20,000 times, written without fsync.
    const { sealEntry, GENESIS }: typeof auditChain = await import(
      join(root, 'dist/bench/audit/auditChain.js')
    );
    const first = JSON.parse(
      (await readFile(log.file, 'utf8')).split('\n')[0]!,
    ) as auditChain.UnsealedEntry & { hash?: string };
    delete first.hash;
    let prev = GENESIS;
    const lines: string[] = [];
    for (let seq = 1; seq <= 20_000; seq++) {
      const sealed = sealEntry({ ...first, seq, prev });
      lines.push(sealed.line);
      prev = sealed.hash;
    }
    const text = `${lines.join('\n')}\n`;
    const verifyStart = performance.now();
    const result = verifyChain(text);
    const verifySeconds = (performance.now() - verifyStart) / 1000;
    if (!result.ok) throw new Error('bench log does not verify');
    print('audit.verify_entries_per_s', 20_000 / verifySeconds, 'entries/s', {
      entries: 20_000,
      megabytes: Number((text.length / 1e6).toFixed(1)),
    });

    // Forwarding: 1,000 queued entries to a local TLS listener.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=bench',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const key = await readFile(join(dir, 'key.pem'), 'utf8');
    const cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    const server = createServer({ key, cert }, (socket) => socket.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const queued = new FileAuditLog({ file: join(dir, 'forward.jsonl'), application: 'bench' });
    for (let i = 0; i < 1000; i++)
      await queued.record(auditRecords.securityAlert({ reason: 'bench' }));
    const forwarder = new AuditForwarder({
      logFile: queued.file,
      target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port, ca: cert },
    });
    const forwardStart = performance.now();
    forwarder.kick();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const cursor = await readFile(forwarder.cursorFile, 'utf8').then(
        (t) => (JSON.parse(t) as { seq: number }).seq,
        () => 0,
      );
      if (cursor >= 1000) break;
    }
    const forwardSeconds = (performance.now() - forwardStart) / 1000;
    await forwarder.stop();
    server.close();
    print('audit.forward_per_s', 1000 / forwardSeconds, 'entries/s', {
      entries: 1000,
      note: 'cursor saved atomically after each batch of 100',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
