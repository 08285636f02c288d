import { channels, isChannel, type Channel, type Result } from '../preload/contract/index.js';
import { HandlerError, systemCauseOf } from './errors/index.js';
import type { Handlers } from './host/index.js';

/**
 * The one entry point for a request from any renderer: checks the channel name and the request
 * against the contract, runs the handler, and turns every failure into a typed error. Nothing a
 * renderer sends can crash the main process or reach a handler unvalidated.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  request: unknown,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'unknown_channel' } };
  const parsed = channels[channel].request.safeParse(request ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: {
        code: 'invalid_request',
        detail: `${channel}: ${issue?.path.join('.') ?? ''} ${issue?.code ?? ''}`.trim(),
      },
    };
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof HandlerError) {
      return {
        ok: false,
        error:
          error.detail === undefined
            ? { code: error.code }
            : { code: error.code, detail: error.detail },
      };
    }
    // A missing system part (keychain, disk space, network) is named; anything else is reported
    // by its kind only: messages can quote file content or paths.
    return {
      ok: false,
      error: { code: systemCauseOf(error) ?? 'internal', detail: errorKind(error) },
    };
  }
}

function errorKind(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.name;
  return typeof error;
}

export type { Channel };
