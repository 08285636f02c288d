/**
 * Audit forwarding (IHE ATNA) against a real TLS listener on 127.0.0.1 with a self-signed
 * certificate made here with openssl: RFC 5425 framing, RFC 5424 header, the DICOM audit
 * message, order, queueing while the repository is down, no resend after restart, and refusal
 * of an untrusted repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditForwarder } from '../../../../main/audit/auditForwarder.js';
import { auditPatient, auditRecords } from '../../../../main/audit/auditRecords.js';
import { openAuditSession } from '../../../../main/audit/auditSession.js';
import { FileAuditLog } from '../../../../main/audit/fileAuditLog.js';

let dir: string;
let key: string;
let cert: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mitate-atna-'));
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
      '/CN=audit.test',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  key = await readFile(join(dir, 'key.pem'), 'utf8');
  cert = await readFile(join(dir, 'cert.pem'), 'utf8');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Repository {
  port: number;
  messages: string[];
  protocols: string[];
  close(): Promise<void>;
}

/** An audit repository: reads RFC 5425 octet-counted frames off TLS connections. */
async function startRepository(port = 0): Promise<Repository> {
  const messages: string[] = [];
  const protocols: string[] = [];
  const sockets = new Set<TLSSocket>();
  const server: Server = createServer({ key, cert }, (socket) => {
    sockets.add(socket);
    protocols.push(socket.getProtocol() ?? '');
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) break;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) break;
        messages.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messages,
    protocols,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function logIn(folder: string, forwarder: AuditForwarder | undefined): Promise<FileAuditLog> {
  return new FileAuditLog({
    file: join(folder, 'audit.jsonl'),
    application: 'Mitate test',
    ...(forwarder === undefined ? {} : { onRecorded: () => forwarder.kick() }),
  });
}

const patient = auditPatient('P-0042', {
  alphabetic: 'Yamada Tarou',
  ideographic: '山田 太郎',
  phonetic: '',
});

describe('audit forwarding (syslog over TLS)', () => {
  it('sends each entry as an RFC 5424 message with the DICOM audit XML, framed per RFC 5425, over TLS 1.2+', async () => {
    const repository = await startRepository();
    const folder = await mkdtemp(join(dir, 'log-'));
    const forwarder = new AuditForwarder({
      logFile: join(folder, 'audit.jsonl'),
      target: { host: '127.0.0.1', port: repository.port, ca: cert },
      retryMs: 50,
    });
    const log = await logIn(folder, forwarder);
    await log.record(auditRecords.applicationStart());
    await log.record(
      auditRecords.import({
        source: '/data/in',
        patients: [patient],
        studies: [{ studyInstanceUid: '1.2.3', instanceCount: 2 }],
        outcome: 0,
      }),
    );
    await expect.poll(() => repository.messages.length, { timeout: 10_000 }).toBe(2);
    await forwarder.stop();
    await repository.close();

    expect(
      repository.protocols.every((protocol) => protocol === 'TLSv1.2' || protocol === 'TLSv1.3'),
    ).toBe(true);
    const [start, imported] = repository.messages as [string, string];
    // <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD SP BOM MSG
    expect(start).toMatch(
      /^<85>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d \S+ Mitate \d+ IHE\+RFC-3881 \[mitate@32473 seq="1" hash="[0-9a-f]{64}"\] \ufeff<\?xml/,
    );
    expect(start).toContain(
      '<EventID csd-code="110100" codeSystemName="DCM" originalText="Application Activity"/>',
    );
    expect(start).toContain(
      '<EventTypeCode csd-code="110120" codeSystemName="DCM" originalText="Application Start"/>',
    );
    expect(imported).toContain('seq="2"');
    expect(imported).toContain('EventActionCode="C"');
    expect(imported).toContain(
      '<ParticipantObjectIdentification ParticipantObjectID="P-0042" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">',
    );
    expect(imported).toContain(
      '<ParticipantObjectName>Yamada Tarou=山田 太郎</ParticipantObjectName>',
    );
    expect(imported).toContain(
      'ParticipantObjectID="1.2.3" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3"',
    );
    // Well-formed XML (python's parser throws otherwise).
    const xml = imported.slice(imported.indexOf('\ufeff') + 1);
    execFileSync(
      'python3',
      ['-c', 'import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.buffer.read())'],
      { input: xml },
    );
  });

  it('queues while the repository is down, sends everything in order when it answers, and never resends after a restart', async () => {
    const port = await freePort();
    const folder = await mkdtemp(join(dir, 'log-'));
    const logFile = join(folder, 'audit.jsonl');
    const first = new AuditForwarder({
      logFile,
      target: { host: '127.0.0.1', port, ca: cert },
      retryMs: 50,
      maxRetryMs: 200,
    });
    const log = await logIn(folder, first);
    for (let i = 0; i < 3; i++)
      await log.record(auditRecords.securityAlert({ reason: `offline_${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const repository = await startRepository(port);
    await expect.poll(() => repository.messages.length, { timeout: 10_000 }).toBe(3);
    expect(repository.messages.map((message) => /seq="(\d+)"/.exec(message)?.[1])).toEqual([
      '1',
      '2',
      '3',
    ]);
    await first.stop();

    // A new run (new forwarder, same log): only the entry written after the restart goes out.
    const second = new AuditForwarder({
      logFile,
      target: { host: '127.0.0.1', port, ca: cert },
      retryMs: 50,
    });
    const again = await logIn(folder, second);
    await again.record(auditRecords.applicationStart());
    await expect.poll(() => repository.messages.length, { timeout: 10_000 }).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(repository.messages).toHaveLength(4);
    expect(repository.messages[3]).toContain('seq="4"');
    expect(JSON.parse(await readFile(second.cursorFile, 'utf8'))).toMatchObject({ seq: 4 });
    await second.stop();
    await repository.close();
  });

  it('sends nothing to a repository whose certificate it does not trust, and keeps the entries', async () => {
    const repository = await startRepository();
    const folder = await mkdtemp(join(dir, 'log-'));
    const forwarder = new AuditForwarder({
      logFile: join(folder, 'audit.jsonl'),
      target: { host: '127.0.0.1', port: repository.port },
      retryMs: 50,
    });
    const log = await logIn(folder, forwarder);
    await log.record(auditRecords.applicationStart());
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(repository.messages).toEqual([]);
    await expect(readFile(forwarder.cursorFile, 'utf8')).rejects.toThrow();
    await forwarder.stop();
    await repository.close();
  });

  it('is switched on by the policy, with the CA file it names', async () => {
    const repository = await startRepository();
    const dataDir = await mkdtemp(join(dir, 'data-'));
    const caFile = join(dir, 'ca-for-policy.pem');
    await writeFile(caFile, cert);
    const session = await openAuditSession({
      dataDir,
      application: 'Mitate test',
      policy: {
        policy: { auditForwarding: { host: '127.0.0.1', port: repository.port, caFile } },
        problems: [],
      },
      forwardingRetryMs: 50,
    });
    await expect.poll(() => repository.messages.length, { timeout: 10_000 }).toBe(1);
    expect(repository.messages[0]).toContain('csd-code="110120"');
    await session.stop();
    await repository.close();
  });
});
