import { describe, expect, it } from 'vitest';
import { channelNames } from '../../../../preload/contract/index.js';
import { HandlerError } from '../../../../main/errors/index.js';
import type { Handlers } from '../../../../main/host/index.js';
import {
  CHANNELS_OPEN_WHILE_LOCKED,
  guardPatientData,
} from '../../../../main/session/lockGuard.js';

/** Every channel of the contract answering its own name, so a test sees which ones ran. */
function echoHandlers(): Handlers {
  return Object.fromEntries(
    channelNames.map((channel) => [channel, async () => channel]),
  ) as unknown as Handlers;
}

async function outcome(handlers: Handlers, channel: string): Promise<string> {
  const handler = (handlers as unknown as Record<string, (request: unknown) => Promise<unknown>>)[
    channel
  ]!;
  try {
    return String(await handler({}));
  } catch (error) {
    return error instanceof HandlerError ? error.code : 'thrown';
  }
}

describe('the screen lock guard', () => {
  it('while locked answers session_locked on every channel but the few a lock screen needs, jobs and review included', async () => {
    const guarded = guardPatientData(echoHandlers(), async () => true);
    const open = new Set<string>(CHANNELS_OPEN_WHILE_LOCKED);
    for (const channel of channelNames) {
      expect(await outcome(guarded, channel), channel).toBe(
        open.has(channel) ? channel : 'session_locked',
      );
    }
    for (const channel of [
      'library.studies',
      'library.series',
      'jobs.send',
      'jobs.results',
      'review.study',
    ]) {
      expect(open.has(channel), channel).toBe(false);
    }
  });

  it('when unlocked lets every channel through', async () => {
    const guarded = guardPatientData(echoHandlers(), async () => false);
    for (const channel of channelNames) expect(await outcome(guarded, channel)).toBe(channel);
  });
});
