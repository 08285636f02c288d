/**
 * Unexpected failures that come from a missing system part are named, through dispatch as the
 * renderer sees them: a full disk (writing to /dev/full, which answers ENOSPC as a full disk does),
 * a platform nobody answers at (a real fetch to a closed loopback port), and the keychain's own
 * error. Anything else stays `internal`, its message never passed on.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../main/dispatch.js';
import { KeychainUnavailableError } from '../../../../main/keychain/keychain.js';
import type { Handlers } from '../../../../main/host/index.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function failingWith(run: () => Promise<unknown>): Handlers {
  return { 'app.info': run } as unknown as Handlers;
}

describe('the system cause of an unexpected failure', () => {
  it('a full disk is disk_full', async () => {
    const answer = await dispatch(
      failingWith(() => writeFile('/dev/full', 'x')),
      'app.info',
      {},
    );
    expect(answer).toEqual({ ok: false, error: { code: 'disk_full', detail: 'ENOSPC' } });
  });

  it('a platform that does not answer is platform_unreachable', async () => {
    const port = await closedPort();
    const answer = await dispatch(
      failingWith(() => fetch(`http://127.0.0.1:${port}/`)),
      'app.info',
      {},
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'platform_unreachable' } });
  });

  it('no keychain is keychain_unavailable; anything else stays internal without its message', async () => {
    expect(
      await dispatch(
        failingWith(async () => {
          throw new KeychainUnavailableError('get');
        }),
        'app.info',
        {},
      ),
    ).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
    expect(
      await dispatch(
        failingWith(async () => {
          throw new Error('/home/clinic/山田太郎 could not be parsed');
        }),
        'app.info',
        {},
      ),
    ).toEqual({ ok: false, error: { code: 'internal', detail: 'Error' } });
  });
});
