// Hostile bytes at the storage SCP over real TCP: random data, truncated and corrupted association
// requests, a PDU claiming 4 GiB, malformed P-DATA after a real association, an abort mid-way.
// Each connection must end (no hang), nothing may be written, and the SCP must still answer C-ECHO.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAe } from '../../../../preload/contract/index.js';
import {
  createDimseClient,
  startStorageScp,
  type StorageScp,
} from '../../../../main/pacs/index.js';

const local: LocalAe = {
  aeTitle: 'MITATE',
  port: 11112,
  receiveEnabled: true,
  allowedCallers: ['FUZZER'],
  tls: { enabled: false },
  maxAssociations: 2,
  maxInstanceBytes: 1024 * 1024,
};
let dataDir = '';
let scp: StorageScp;

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const ae = (title: string): Buffer => Buffer.from(title.padEnd(16, ' '), 'latin1');
const item = (type: number, body: Buffer): Buffer => {
  const header = Buffer.from([type, 0, 0, 0]);
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
};
const uid = (type: number, value: string): Buffer => item(type, Buffer.from(value, 'latin1'));
const pdu = (type: number, body: Buffer): Buffer => {
  const header = Buffer.from([type, 0, 0, 0, 0, 0]);
  header.writeUInt32BE(body.length, 2);
  return Buffer.concat([header, body]);
};

/** A well-formed A-ASSOCIATE-RQ for Verification (PS3.8 9.3.2). */
function associateRq(calling = 'FUZZER'): Buffer {
  const maxLength = Buffer.alloc(4);
  maxLength.writeUInt32BE(16384);
  return pdu(
    0x01,
    Buffer.concat([
      Buffer.from([0, 1, 0, 0]),
      ae('MITATE'),
      ae(calling),
      Buffer.alloc(32),
      uid(0x10, '1.2.840.10008.3.1.1.1'),
      item(
        0x20,
        Buffer.concat([
          Buffer.from([1, 0, 0, 0]),
          uid(0x30, '1.2.840.10008.1.1'),
          uid(0x40, '1.2.840.10008.1.2'),
        ]),
      ),
      item(0x50, Buffer.concat([item(0x51, maxLength), uid(0x52, '1.2.3.4')])),
    ]),
  );
}
const pData = (pcId: number, control: number, data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length + 2);
  return pdu(0x04, Buffer.concat([length, Buffer.from([pcId, control]), data]));
};

/**
 * One hostile conversation: `first` is sent, then (once the SCP answered, if `after` is given)
 * `after`; then our side ends. Resolves when the SCP has closed the connection.
 */
function converse(first: Buffer, after?: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: scp.port });
    socket.on('error', () => undefined);
    // Read (and drop) whatever the SCP answers: an unread answer would hold the close back.
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.once('connect', () => {
      socket.write(first);
      if (after === undefined) socket.end();
    });
    if (after !== undefined)
      socket.once('data', () => {
        socket.write(after);
        socket.end();
      });
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-fuzz-'));
  scp = await startStorageScp(local, {
    dataDir,
    allowedCallers: ['FUZZER'],
    host: '127.0.0.1',
    port: 0,
    idleTimeoutMs: 5000,
  });
});
afterAll(async () => {
  await scp.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('storage SCP under malformed PDUs', () => {
  it('survives random, truncated, corrupted and oversized PDUs and still answers C-ECHO', async () => {
    const next = random(0x5eed);
    const valid = associateRq();
    for (let round = 0; round < 120; round++) {
      const length = 1 + Math.floor(next() * 600);
      const junk = Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
      // Half of them look like a PDU of a known type, to get past the first check.
      if (round % 2 === 0) junk[0] = 1 + Math.floor(next() * 7);
      await converse(junk);
    }
    for (let round = 0; round < 60; round++) {
      const corrupted = Buffer.from(valid);
      // Flip bytes inside the items (past the fixed fields), where the lengths live.
      for (let flip = 0; flip < 4; flip++)
        corrupted[74 + Math.floor(next() * (valid.length - 74))] = Math.floor(next() * 256);
      await converse(corrupted);
      await converse(valid.subarray(0, 1 + Math.floor(next() * (valid.length - 1))));
    }
    // A P-DATA claiming 4 GiB, followed by a stream of junk.
    const huge = Buffer.concat([
      Buffer.from([0x04, 0, 0xff, 0xff, 0xff, 0xff]),
      Buffer.alloc(512 * 1024, 0x41),
    ]);
    await converse(huge);
    // After a real association: a PDV longer than its PDU, a garbage command, data before any command,
    // an unknown presentation context, an abort, an unknown PDU type.
    const badPdv = pdu(0x04, Buffer.from([0, 0, 0x10, 0, 1, 3, 1, 2, 3]));
    const garbageCommand = pData(
      1,
      0x03,
      Buffer.from(Array.from({ length: 200 }, () => Math.floor(next() * 256))),
    );
    const dataFirst = pData(1, 0x02, Buffer.alloc(64, 0x20));
    const unknownContext = pData(99, 0x03, Buffer.alloc(16));
    const abort = pdu(0x07, Buffer.from([0, 0, 0, 0]));
    const unknownType = pdu(0x09, Buffer.alloc(8));
    for (const after of [
      badPdv,
      garbageCommand,
      dataFirst,
      unknownContext,
      abort,
      unknownType,
      huge,
    ])
      await converse(valid, after);

    const client = createDimseClient(
      {
        kind: 'dimse',
        id: 'scp',
        label: 'scp',
        aeTitle: 'MITATE',
        host: '127.0.0.1',
        port: scp.port,
        tls: { enabled: false },
        retrieveWith: 'c-get',
      },
      { ...local, aeTitle: 'FUZZER' },
    );
    expect(await client.echo(new AbortController().signal)).toBeGreaterThanOrEqual(0);
    // Both association slots are free again (a leak would refuse the second of two at once).
    const twice = await Promise.all([
      client.echo(new AbortController().signal),
      client.echo(new AbortController().signal),
    ]);
    expect(twice.length).toBe(2);
    expect(await readdir(join(dataDir, 'received'))).toEqual([]);
  }, 120_000);
});
