/**
 * The idle clock counts wall-clock time, so time spent asleep counts: a machine that resumes
 * after the idle limit is locked at once, before any timer gets the chance to fire.
 */
import { describe, expect, it } from 'vitest';
import { ScreenLock, type LockReason } from '../../../../main/session/screenLock.js';

function clocked(idleMs: number, start = 1_000_000) {
  let now = start;
  const reasons: LockReason[] = [];
  const lock = new ScreenLock(idleMs, (reason) => reasons.push(reason), { now: () => now });
  return {
    lock,
    reasons,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('the screen lock idle clock', () => {
  it('locks at once when the idle deadline passed while the machine slept (no timer fired)', () => {
    const { lock, reasons, advance } = clocked(15 * 60_000);
    lock.arm('subject-1', true);
    advance(14 * 60_000);
    expect(lock.locked).toBe(false);
    // Asleep for an hour: the timer never ran, the wall clock moved on.
    advance(60 * 60_000);
    expect(lock.locked).toBe(true);
    expect(reasons).toEqual(['idle']);
    lock.disarm();
  });

  it('activity moves the deadline; a resume check locks only past it', () => {
    const { lock, advance } = clocked(60_000);
    lock.arm('subject-1', true);
    advance(50_000);
    lock.activity();
    advance(50_000);
    lock.checkIdle();
    expect(lock.locked).toBe(false);
    advance(11_000);
    lock.checkIdle();
    expect(lock.locked).toBe(true);
    lock.disarm();
  });

  it('a last activity long ago, restored at start, locks as soon as the session resumes', () => {
    const lock = new ScreenLock(60_000, () => undefined, {
      now: () => 10_000_000,
      restored: { locked: false, lastActivityAt: 10_000_000 - 3_600_000 },
    });
    lock.arm('subject-1');
    expect(lock.locked).toBe(true);
    lock.disarm();
  });
});

describe('the idle lock with nobody signed in', () => {
  it('counts down and locks without any sign-in; signing out keeps the countdown', () => {
    const { lock, reasons, advance } = clocked(60_000);
    lock.watch(false);
    advance(61_000);
    expect(lock.locked).toBe(true);
    expect(reasons).toEqual(['idle']);
    expect(lock.ownerKey()).toBe('workstation');
    lock.unlock();
    lock.arm('subject-1', true);
    expect(lock.ownerKey()).not.toBe('workstation');
    lock.disarm();
    expect(lock.ownerKey()).toBe('workstation');
    advance(61_000);
    expect(lock.locked).toBe(true);
    lock.dispose();
  });
});
