/**
 * The screen lock (MHLW 安全管理ガイドライン: lock the screen when the user is away). After
 * `idleMs` without activity, on "lock now", or when the OS locks or suspends, the lock engages;
 * only a fresh login (main/auth, prompt=login and max_age=0) releases it. The state lives in the
 * main process, so reloading the window cannot lift it.
 *
 * The idle countdown runs while somebody is signed in (without a session there is no login to
 * check against). Signing out does not lift an engaged lock: the patient data on screen stays
 * hidden until somebody signs in again.
 */
export type LockReason = 'idle' | 'manual' | 'os';

export class ScreenLock {
  private timer: NodeJS.Timeout | undefined;
  private armed = false;
  private lockedNow = false;

  constructor(
    readonly idleMs: number,
    private readonly onLock: (reason: LockReason) => void,
  ) {}

  get locked(): boolean {
    return this.lockedNow;
  }

  arm(): void {
    this.armed = true;
    if (!this.lockedNow) this.restart();
  }

  /** Signed out: no more idle countdown; an engaged lock stays until the next login. */
  disarm(): void {
    this.armed = false;
    this.stop();
  }

  activity(): void {
    if (this.armed && !this.lockedNow) this.restart();
  }

  lock(reason: LockReason): boolean {
    if (!this.armed || this.lockedNow) return false;
    this.lockedNow = true;
    this.stop();
    this.onLock(reason);
    return true;
  }

  unlock(): void {
    this.lockedNow = false;
    if (this.armed) this.restart();
  }

  private restart(): void {
    this.stop();
    this.timer = setTimeout(() => this.lock('idle'), this.idleMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
