/**
 * The screen lock (MHLW 安全管理ガイドライン: lock the screen when the user is away). After
 * `idleMs` without activity, on "lock now", or when the OS locks or suspends, the lock engages;
 * only a fresh login (main/auth, prompt=login and max_age=0) of the same user releases it. The
 * state lives in the main process, so reloading the window cannot lift it, and on disk
 * (lockStateFile.ts), so restarting the app, a crash or a resume from sleep cannot either.
 *
 * The idle clock is the wall clock of the last activity, not only a timer: timers stand still
 * while the machine sleeps, so `locked` and `checkIdle()` compare with the clock and a machine
 * that resumes past the idle limit is locked before anything answers.
 *
 * The idle countdown runs whether or not anybody is signed in (`watch`): images on screen need
 * protecting all the same. Signing out does not lift an engaged lock. Besides a fresh login, the
 * local unlock PIN of whoever the lock protects lifts it (unlockPin.ts, `ownerKey`).
 */
import {
  newOwnerKey,
  ownerId,
  type PersistedLock,
  sameOwner,
  writeLockState,
} from './lockStateFile.js';

export type LockReason = 'idle' | 'manual' | 'os';

export interface ScreenLockOptions {
  /** The wall clock (tests inject a fake one). */
  now?: () => number;
  /** Where the state is kept across restarts; without it the lock lives in memory only. */
  file?: string;
  /** The state read from `file` at start. */
  restored?: PersistedLock;
}

/** The PIN owner while nobody is signed in. */
export const WORKSTATION = 'workstation';

/** Last activity goes to disk at most this often: enough to lock after a crash and restart. */
const ACTIVITY_WRITE_INTERVAL_MS = 30_000;

export class ScreenLock {
  private timer: NodeJS.Timeout | undefined;
  private armed = false;
  private lockedNow: boolean;
  private lastActivityAt: number;
  private lastWrittenAt = Number.NEGATIVE_INFINITY;
  private owner: string | undefined;
  private key: string;
  private readonly now: () => number;

  constructor(
    readonly idleMs: number,
    private readonly onLock: (reason: LockReason) => void,
    private readonly options: ScreenLockOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const restored = options.restored;
    this.lockedNow = restored?.locked ?? false;
    this.lastActivityAt = restored?.lastActivityAt ?? this.now();
    this.owner = restored?.owner;
    this.key = restored?.key ?? newOwnerKey();
  }

  get locked(): boolean {
    this.checkIdle();
    return this.lockedNow;
  }

  /** Locks at once if the idle limit passed by the wall clock (after a resume from sleep). */
  checkIdle(): void {
    if (this.armed && !this.lockedNow && this.now() - this.lastActivityAt >= this.idleMs)
      this.lock('idle');
  }

  /**
   * Starts the idle countdown with nobody signed in. `keepRestored`: the last activity found on
   * disk counts (a local unlock factor exists, so a restart must not reset the clock); else the
   * countdown starts now.
   */
  watch(keepRestored: boolean): void {
    this.armed = true;
    if (this.lockedNow) return;
    if (!keepRestored) this.lastActivityAt = this.now();
    this.save();
    this.checkIdle();
    if (!this.lockedNow) this.restart();
  }

  /** Whom the lock protects, as the unlock PIN store names them: the user's HMAC or the workstation. */
  ownerKey(): string {
    return this.owner ?? WORKSTATION;
  }

  /**
   * Somebody is signed in (`subject`, the platform's id of the user). `activeNow` for a login
   * the user just made; a session resumed at start keeps the last activity found on disk.
   */
  arm(subject: string, activeNow = false): void {
    this.armed = true;
    // A locked session keeps its owner: only that user's login may lift it.
    if (this.lockedNow) return;
    if (activeNow) this.lastActivityAt = this.now();
    this.owner = ownerId(this.key, subject);
    this.save();
    this.checkIdle();
    if (!this.lockedNow) this.restart();
  }

  /**
   * Signed out: the countdown goes on for the workstation; an engaged lock stays until anybody's
   * next login or the workstation's PIN.
   */
  disarm(): void {
    this.owner = undefined;
    this.save();
  }

  /** The app is closing: no more timers. */
  dispose(): void {
    this.armed = false;
    this.stop();
  }

  /** Whether this user's fresh login may lift the lock (the locked user, or anyone after sign-out). */
  mayUnlock(subject: string): boolean {
    return this.owner === undefined || sameOwner(this.owner, ownerId(this.key, subject));
  }

  activity(): void {
    if (!this.armed || this.locked) return;
    this.lastActivityAt = this.now();
    if (this.lastActivityAt - this.lastWrittenAt >= ACTIVITY_WRITE_INTERVAL_MS) this.save();
    this.restart();
  }

  lock(reason: LockReason): boolean {
    if (!this.armed || this.lockedNow) return false;
    this.lockedNow = true;
    this.stop();
    this.save();
    this.onLock(reason);
    return true;
  }

  unlock(): void {
    this.lockedNow = false;
    this.lastActivityAt = this.now();
    this.save();
    if (this.armed) this.restart();
  }

  private save(): void {
    if (this.options.file === undefined) return;
    this.lastWrittenAt = this.now();
    try {
      writeLockState(this.options.file, {
        locked: this.lockedNow,
        lastActivityAt: this.lastActivityAt,
        // The key is kept even with no owner: unlock PINs are filed under HMACs made with it.
        key: this.key,
        ...(this.owner === undefined ? {} : { owner: this.owner }),
      });
    } catch {
      // A full or read-only disk: the lock still holds in memory for this run.
    }
  }

  private restart(): void {
    this.stop();
    // A floor, so a clock that stands still cannot spin the timer.
    const remaining = Math.max(50, this.idleMs - (this.now() - this.lastActivityAt));
    this.timer = setTimeout(() => {
      this.checkIdle();
      if (this.armed && !this.lockedNow) this.restart();
    }, remaining);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
