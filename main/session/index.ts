// What other folders may use of main/session; code outside imports it only from here.
export { guardPatientData } from './lockGuard.js';
export { lockStatePath, readLockState } from './lockStateFile.js';
export { type LockReason, ScreenLock, type ScreenLockOptions, WORKSTATION } from './screenLock.js';
export { UnlockPins } from './unlockPin.js';
