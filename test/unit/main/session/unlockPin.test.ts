/**
 * The local unlock PIN on a real data folder: only a scrypt hash is kept, wrong guesses beyond
 * the free few wait (30 s doubling), and the count and the wait survive reopening the store.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FREE_ATTEMPTS,
  UnlockPins,
  unlockPinPath,
  waitAfter,
} from '../../../../main/session/unlockPin.js';

const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

describe('the local unlock PIN', () => {
  it('keeps a salted slow hash only, owner-only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-pin-'));
    folders.push(dataDir);
    const pins = await UnlockPins.open(dataDir);
    await pins.set('workstation', '482913');
    const text = await readFile(unlockPinPath(dataDir), 'utf8');
    expect(text).not.toContain('482913');
    expect((await stat(unlockPinPath(dataDir))).mode & 0o777).toBe(0o600);
    expect(await pins.check('workstation', '482913')).toEqual({ ok: true });
    expect(await pins.check('someone-else', '482913')).toEqual({ ok: false, reason: 'none' });
  });

  it('bounds guessing: the attempts after the free ones wait, and a restart buys no new guesses', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-pin-'));
    folders.push(dataDir);
    let now = 1_000_000;
    const pins = await UnlockPins.open(dataDir, () => now);
    await pins.set('workstation', '482913');
    for (let attempt = 1; attempt < FREE_ATTEMPTS; attempt++)
      expect(await pins.check('workstation', '000000')).toEqual({ ok: false, reason: 'wrong' });
    const fifth = await pins.check('workstation', '000000');
    expect(fifth).toEqual({ ok: false, reason: 'wrong', retryAt: now + 30_000 });
    // Even the right PIN is not checked while the wait lasts, also after reopening the store.
    const reopened = await UnlockPins.open(dataDir, () => now);
    expect(await reopened.check('workstation', '482913')).toEqual({
      ok: false,
      reason: 'wait',
      retryAt: now + 30_000,
    });
    now += 30_000;
    expect(await reopened.check('workstation', '111111')).toEqual({
      ok: false,
      reason: 'wrong',
      retryAt: now + 60_000,
    });
    now += 60_000;
    expect(await reopened.check('workstation', '482913')).toEqual({ ok: true });
    expect(reopened.retryAt('workstation')).toBeUndefined();
  });

  it('waits double with each wrong PIN, up to an hour', () => {
    expect(waitAfter(FREE_ATTEMPTS - 1)).toBe(0);
    expect(waitAfter(FREE_ATTEMPTS)).toBe(30_000);
    expect(waitAfter(FREE_ATTEMPTS + 3)).toBe(240_000);
    expect(waitAfter(FREE_ATTEMPTS + 20)).toBe(3_600_000);
  });
});
