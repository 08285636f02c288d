/**
 * Builds `window.mitate` from the contract over any transport: Electron IPC in the preload, a
 * WebSocket in the dev host. Responses and events are parsed here, so the renderer only ever
 * sees values that match the contract; a transport failure becomes a typed error.
 */
import {
  channels,
  events,
  isChannel,
  isEventName,
  MitateError,
  type Channel,
  type EventName,
  type EventPayload,
  type MitateApi,
  type RequestOf,
  type ResponseOf,
  type Result,
} from './contract/index.js';

export interface Transport {
  /** Resolves with the host's raw reply, a `Result` as sent over the wire. */
  invoke(channel: Channel, request: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string | null;
}

function fail<T>(code: MitateError['code'], detail?: string): Result<T> {
  return { ok: false, error: detail === undefined ? { code } : { code, detail } };
}

/** Checks a raw reply against the channel's response schema. */
export function parseReply<C extends Channel>(channel: C, reply: unknown): Result<ResponseOf<C>> {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply))
    return fail('invalid_response', channel);
  if (reply.ok === false) {
    const error = MitateError.safeParse((reply as { error?: unknown }).error);
    return error.success ? { ok: false, error: error.data } : fail('invalid_response', channel);
  }
  const value = channels[channel].response.safeParse((reply as { value?: unknown }).value);
  if (!value.success)
    return fail('invalid_response', `${channel}: ${value.error.issues[0]?.path.join('.') ?? ''}`);
  return { ok: true, value: value.data as ResponseOf<C> };
}

export function createMitateApi(transport: Transport): MitateApi {
  return {
    async invoke<C extends Channel>(
      channel: C,
      request: RequestOf<C>,
    ): Promise<Result<ResponseOf<C>>> {
      if (!isChannel(channel)) return fail('unknown_channel');
      try {
        return parseReply(channel, await transport.invoke(channel, request));
      } catch {
        return fail('host_disconnected', channel);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!isEventName(event)) return () => undefined;
      return transport.subscribe(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      });
    },
    pathForFile: (file) => transport.pathForFile(file),
  };
}
