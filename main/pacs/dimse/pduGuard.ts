/**
 * A bound in front of dcmjs-dimse's PDU reader, which would buffer whatever length a PDU header
 * claims (up to 4 GiB, joined chunk by chunk). The guard reads the same 6-byte headers (PS3.8
 * 9.3) as the bytes arrive and destroys the connection at the first header with an unknown type
 * or a length past what we announced, before the reader has buffered more than one socket chunk.
 */
import type { Duplex } from 'node:stream';
import { MAX_PDU_LENGTH } from './dimseLibrary.js';

/** Slack over the announced maximum for peers that count the PDV headers in it. */
export const MAX_PDU_BYTES = MAX_PDU_LENGTH + 1024;
const HEADER = 6;

export type PduViolation = 'unknown-pdu-type' | 'pdu-too-long';

/** Listens before every other `data` listener; `onViolation` is called once, then the socket is destroyed. */
export function guardPduLengths(
  socket: Duplex,
  onViolation: (violation: PduViolation) => void,
): void {
  let header = Buffer.alloc(0);
  let remaining = 0;
  let violated = false;
  socket.prependListener('data', (chunk: Buffer) => {
    if (violated) return;
    let offset = 0;
    while (offset < chunk.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, chunk.length - offset);
        remaining -= take;
        offset += take;
        continue;
      }
      const need = HEADER - header.length;
      header = Buffer.concat([header, chunk.subarray(offset, offset + need)]);
      offset += Math.min(need, chunk.length - offset);
      if (header.length < HEADER) return;
      const type = header[0]!;
      const length = header.readUInt32BE(2);
      header = Buffer.alloc(0);
      const violation: PduViolation | undefined =
        type < 1 || type > 7
          ? 'unknown-pdu-type'
          : length > MAX_PDU_BYTES
            ? 'pdu-too-long'
            : undefined;
      if (violation !== undefined) {
        violated = true;
        onViolation(violation);
        socket.destroy();
        return;
      }
      remaining = length;
    }
  });
}
