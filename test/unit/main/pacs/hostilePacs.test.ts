// A hostile or broken "PACS" (a plain TCP server on loopback speaking just enough of PS3.8):
// junk instead of an association answer, silence, an association accepted and then the
// connection dropped, a garbage command, an abort or an oversized PDU in place of the C-ECHO
// response. The client must end each with one clear problem, never hang, never throw anything else.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DimseNode, LocalAe } from '../../../../preload/contract/index.js';
import { createDimseClient, PacsError } from '../../../../main/pacs/index.js';

const local: LocalAe = {
  aeTitle: 'MITATE',
  port: 104,
  receiveEnabled: false,
  allowedCallers: [],
  tls: { enabled: false },
  maxAssociations: 1,
  maxInstanceBytes: 1024 * 1024,
};
let server: Server | undefined;
const sockets = new Set<Socket>();

const item = (type: number, body: Buffer): Buffer => {
  const header = Buffer.from([type, 0, 0, 0]);
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
};
const pdu = (type: number, body: Buffer): Buffer => {
  const header = Buffer.from([type, 0, 0, 0, 0, 0]);
  header.writeUInt32BE(body.length, 2);
  return Buffer.concat([header, body]);
};
/** An A-ASSOCIATE-AC accepting presentation context 1 (the client's Verification) with implicit VR LE. */
function associateAc(request: Buffer): Buffer {
  const maxLength = Buffer.alloc(4);
  maxLength.writeUInt32BE(16384);
  return pdu(
    0x02,
    Buffer.concat([
      Buffer.from([0, 1, 0, 0]),
      request.subarray(10, 74), // called and calling AE titles and the reserved field, as requested
      item(0x10, Buffer.from('1.2.840.10008.3.1.1.1')),
      item(
        0x21,
        Buffer.concat([Buffer.from([1, 0, 0, 0]), item(0x40, Buffer.from('1.2.840.10008.1.2'))]),
      ),
      item(0x50, item(0x51, maxLength)),
    ]),
  );
}

/** A server that answers the association request with `onRequest`, then the first P-DATA with `onData`. */
async function hostile(
  onRequest: (socket: Socket, request: Buffer) => void,
  onData?: (socket: Socket) => void,
): Promise<number> {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let associated = false;
    socket.on('data', (chunk) => {
      if (!associated) {
        associated = true;
        onRequest(socket, chunk);
      } else onData?.(socket);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise((resolve) =>
    server === undefined ? resolve(undefined) : server.close(resolve),
  );
  server = undefined;
});

const echo = async (port: number): Promise<string> => {
  const node: DimseNode = {
    kind: 'dimse',
    id: 'hostile',
    label: 'hostile',
    aeTitle: 'PACS',
    host: '127.0.0.1',
    port,
    tls: { enabled: false },
    retrieveWith: 'c-get',
  };
  const client = createDimseClient(node, local, {
    timeouts: { connectMs: 2000, associationMs: 1500, responseMs: 1500 },
  });
  return client.echo(new AbortController().signal).then(
    () => 'ok',
    (error: unknown) =>
      error instanceof PacsError ? error.problem : `not a PacsError: ${String(error)}`,
  );
};

describe('DIMSE client against a hostile node', () => {
  it('junk instead of an association answer', async () => {
    expect(
      await echo(
        await hostile((socket) => socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))),
      ),
    ).toBe('protocol_error');
  });

  it('silence after connecting', async () => {
    expect(await echo(await hostile(() => undefined))).toBe('timeout');
  });

  it('the connection dropped after the association', async () => {
    expect(
      await echo(
        await hostile(
          (socket, request) => socket.write(associateAc(request)),
          (socket) => socket.destroy(),
        ),
      ),
    ).toBe('unreachable');
  });

  it('an abort instead of the response', async () => {
    const abort = pdu(0x07, Buffer.from([0, 0, 2, 0]));
    expect(
      await echo(
        await hostile(
          (socket, request) => socket.write(associateAc(request)),
          (socket) => socket.write(abort),
        ),
      ),
    ).toBe('protocol_error');
  });

  it('a PDU far longer than we allow', async () => {
    const huge = Buffer.concat([
      Buffer.from([0x04, 0, 0x7f, 0xff, 0xff, 0xff]),
      Buffer.alloc(300 * 1024),
    ]);
    expect(
      await echo(
        await hostile(
          (socket, request) => socket.write(associateAc(request)),
          (socket) => socket.write(huge),
        ),
      ),
    ).toBe('protocol_error');
  });

  it('a garbage command in place of the response', async () => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(2 + 40);
    const garbage = pdu(
      0x04,
      Buffer.concat([length, Buffer.from([1, 0x03]), Buffer.alloc(40, 0xee)]),
    );
    const problem = await echo(
      await hostile(
        (socket, request) => socket.write(associateAc(request)),
        (socket) => socket.write(garbage),
      ),
    );
    expect(problem).toBe('protocol_error');
  });
});
