/**
 * The dev host's WebSocket messages. JSON, with byte arrays carried as base64 so that dropped
 * files can cross; the same shapes are parsed on both ends.
 */
import { z } from 'zod';

export const WS_PATH = '/__devhost/ws';

/**
 * The largest WebSocket message either end accepts. Contract messages are small except one:
 * files dropped on the window cross as base64 in batches of up to 64 MiB
 * (renderer/library/droppedFiles.ts), 86 MiB once encoded. The server closes a socket that sends
 * more (1009) and keeps serving; the bridge refuses to send more, so a larger single file fails
 * that import instead of the connection.
 */
export const MAX_MESSAGE_BYTES = 96 * 1024 * 1024;
export const BRIDGE_PATH = '/__devhost/bridge.js';

export const ClientMessage = z.object({
  type: z.literal('invoke'),
  id: z.number().int(),
  channel: z.string().max(100),
  request: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int(), reply: z.unknown() }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

const BYTES_KEY = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Uint8Array ? { [BYTES_KEY]: toBase64(value) } : value,
  );
}

export function decodeMessage(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && BYTES_KEY in value) {
      const encoded = (value as Record<string, unknown>)[BYTES_KEY];
      if (typeof encoded === 'string') return fromBase64(encoded);
    }
    return value;
  });
}
