// What other folders may use of main/session; code outside imports it only from here.
export { guardPatientData } from './lockGuard.js';
export { type LockReason, ScreenLock } from './screenLock.js';
