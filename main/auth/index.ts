// What other folders may use of main/auth; code outside imports it only from here.
export { createAuthHandlers } from './authHandlers.js';
export type { AuthSession } from './authSession.js';
export { isPackagedApp, platformUrlProblem } from './platformUrlPolicy.js';
