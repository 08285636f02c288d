/**
 * The unlock PIN's rules in the session, with nobody signed in (no platform at all): the idle
 * lock engages, the workstation's first PIN may be set on the lock screen and unlocks, a set PIN
 * is needed to unlock and to change it, and a wrong one is refused and audited. The data folder
 * and the PIN store are real; only the clock of the idle limit is short.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthSession } from '../../../../main/auth/authSession.js';
import { SessionSecretStore } from '../../../../main/auth/sessionSecret.js';
import { HandlerError } from '../../../../main/errors/index.js';
import { memoryKeychain } from '../../../../main/keychain/keychain.js';
import { UnlockPins } from '../../../../main/session/unlockPin.js';
import { lockStatePath } from '../../../../main/session/lockStateFile.js';

const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function session(): Promise<AuthSession> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-unlock-pin-'));
  folders.push(dataDir);
  return new AuthSession({
    platformUrl: undefined,
    secrets: await SessionSecretStore.open(memoryKeychain()),
    idleLockSeconds: 900,
    onChange: () => undefined,
    lockState: { file: lockStatePath(dataDir) },
    pins: await UnlockPins.open(dataDir),
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof HandlerError ? error.code : String(error);
  }
}

describe('unlocking with the local PIN, nobody signed in', () => {
  it('locks without a sign-in; the first PIN may be set while locked and unlocks', async () => {
    const auth = await session();
    expect(auth.lockNow().locked).toBe(true);
    expect(auth.status().unlockPin).toEqual({ available: true, set: false });
    const status = await auth.setPin('135790', undefined);
    expect(status).toMatchObject({ locked: false, unlockPin: { set: true } });
    auth.close();
  });

  it('once a PIN exists, only it unlocks, and changing it needs the current one', async () => {
    const auth = await session();
    await auth.setPin('135790', undefined);
    auth.lockNow();
    // Nobody may replace the PIN from the lock screen.
    expect(await codeOf(auth.setPin('000000', undefined))).toBe('session_locked');
    expect(await codeOf(auth.unlockWithPin('246801'))).toBe('unlock_pin_wrong');
    expect(auth.status().locked).toBe(true);
    expect((await auth.unlockWithPin('135790')).locked).toBe(false);
    expect(await codeOf(auth.setPin('111111', undefined))).toBe('unlock_pin_wrong');
    expect(await codeOf(auth.setPin('111111', '999999'))).toBe('unlock_pin_wrong');
    await auth.setPin('111111', '135790');
    auth.lockNow();
    expect((await auth.unlockWithPin('111111')).locked).toBe(false);
    auth.close();
  });
});
