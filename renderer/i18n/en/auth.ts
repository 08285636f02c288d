// English messages for signing in to the platform, and the screen lock.
import type { Messages } from '../messages.js';

export const auth: Messages['auth'] = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  signingIn: 'Sign in in your browser…',
  openPage: 'Open the sign-in page',
  cancel: 'Cancel',
  notSignedIn: 'Not signed in',
  loginAt: 'Signed in {{time}}',
  factors: 'Verified by: {{factors}}',
  amr: {
    pwd: 'password',
    otp: 'one-time code',
    hwk: 'security key',
    swk: 'software key',
    fpt: 'fingerprint',
    face: 'face',
    mfa: 'multiple factors',
    sms: 'SMS',
    pin: 'PIN',
  },
  memoryOnly:
    'No OS keychain is available: your sign-in is kept in memory only (never on disk) and ends when Mitate closes.',
  memoryOnlyShort: 'No keychain: memory only',
  offline: 'Offline',
  offlineHint: 'The platform cannot be reached. Trying again.',
  noPlatform: 'No AI platform configured',
  lockNow: 'Lock screen',
};

export const lock: Messages['lock'] = {
  heading: 'The screen is locked',
  body: 'Patient data is hidden. Sign in again to continue.',
  user: 'Session of {{name}}',
  unlock: 'Sign in to unlock',
  waiting: 'Sign in in your browser…',
};
