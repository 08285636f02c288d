/**
 * The attack: a doctor walks away, the screen locks, and somebody restarts the app (or it crashes,
 * or the machine resumes from sleep) to get past the lock. The real main-process handlers are
 * built on a data folder, the user signs in through the real reference platform, the screen is
 * locked, everything is disposed and built again on the same folder: patient data stays refused
 * until the same user signs in afresh.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type MainServices } from '../../../../main/handlers.js';
import { HandlerError } from '../../../../main/errors/index.js';
import { memoryKeychain, type Keychain } from '../../../../main/keychain/keychain.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { signInThroughPages } from '../../../support/loginPages.js';
import { startTestPlatform, type TestPlatform } from '../../../support/testPlatform.js';
import { totpCode } from '../../../support/totpCode.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => platform.close());

function start(dataDir: string, keychain: Keychain): MainServices {
  return createHandlers({
    info: {
      name: 'Mitate',
      version: '0.0.0',
      host: 'devhost',
      platform: 'linux',
      nativeDialogs: false,
      platformUrl: platform.url,
    },
    dataDir,
    settings: new SettingsStore(dataDir),
    emit: () => undefined,
    keychain,
  });
}

async function call(main: MainServices, channel: string, request: unknown = {}): Promise<unknown> {
  const handler = (main.handlers as unknown as Record<string, (r: unknown) => Promise<unknown>>)[
    channel
  ]!;
  try {
    return await handler(request);
  } catch (error) {
    return error instanceof HandlerError ? error.code : 'thrown';
  }
}

async function signIn(main: MainServices, username: string, code: string, password: string) {
  const session = await main.auth;
  const { url } = await session.beginLogin();
  await signInThroughPages(url, platform.url, username, password, code);
  for (let i = 0; i < 100 && session.status().state !== 'signed-in'; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  for (let i = 0; i < 100 && session.status().locked; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('the screen lock across a restart', () => {
  it('a locked session is still locked after the app is disposed and started again on the same data folder', async () => {
    const { password, secret } = await platform.addUser('haruto');
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-lock-'));
    const keychain = memoryKeychain();
    const first = start(dataDir, keychain);
    await signIn(first, 'haruto', totpCode(secret), password);
    expect(await call(first, 'library.studies')).not.toBe('session_locked');
    await call(first, 'session.lockNow');
    expect(await call(first, 'library.studies')).toBe('session_locked');
    (await first.auth).close();

    // Restarted with the stored session resumed from the keychain: still locked.
    const second = start(dataDir, keychain);
    expect(await call(second, 'library.studies')).toBe('session_locked');
    expect(await call(second, 'library.series', { studyInstanceUid: '1.2.3' })).toBe(
      'session_locked',
    );
    expect((await second.auth).status().locked).toBe(true);
    (await second.auth).close();

    // Restarted with an empty keychain (a crash lost it, or it was wiped): still locked.
    const third = start(dataDir, memoryKeychain());
    expect(await call(third, 'library.studies')).toBe('session_locked');

    // What is on disk names nobody: an opaque key, no user name.
    const files = await readdir(join(dataDir, 'session'));
    const onDisk = (
      await Promise.all(files.map((f) => readFile(join(dataDir, 'session', f), 'utf8')))
    ).join('');
    expect(onDisk).not.toContain('haruto');

    // Only the same user's fresh login lifts it.
    await signIn(third, 'haruto', totpCode(secret, Date.now() + 30_000), password);
    expect((await third.auth).status().locked).toBe(false);
    expect(await call(third, 'library.studies')).not.toBe('session_locked');
    (await third.auth).close();

    // And the unlock is what the next start finds.
    const fourth = start(dataDir, keychain);
    expect(await call(fourth, 'library.studies')).not.toBe('session_locked');
    (await fourth.auth).close();
  }, 30_000);

  it('another user cannot unlock a locked session after a restart that lost the stored session', async () => {
    const owner = await platform.addUser('sora');
    const other = await platform.addUser('yui');
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-lock-'));
    const first = start(dataDir, memoryKeychain());
    await signIn(first, 'sora', totpCode(owner.secret), owner.password);
    await call(first, 'session.lockNow');
    (await first.auth).close();

    const second = start(dataDir, memoryKeychain());
    const session = await second.auth;
    const { url } = await session.beginLogin();
    await signInThroughPages(url, platform.url, 'yui', other.password, totpCode(other.secret));
    for (let i = 0; i < 100 && session.status().lastError === undefined; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.status()).toMatchObject({ locked: true, lastError: 'auth_other_user' });
    expect(await call(second, 'library.studies')).toBe('session_locked');
    session.close();
  }, 30_000);
});
