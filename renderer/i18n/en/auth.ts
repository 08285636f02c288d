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
  body: 'Patient data is hidden until the screen is unlocked.',
  user: 'Session of {{name}}',
  unlock: 'Sign in to unlock',
  waiting: 'Sign in in your browser…',
  pinLabel: 'Unlock PIN',
  pinUnlock: 'Unlock',
  pinFirst:
    'No unlock PIN is set on this workstation. Choose one (6 characters or more) to unlock:',
  pinSetAndUnlock: 'Set PIN and unlock',
  pinWait: 'Too many wrong PINs. Try again after {{time}}.',
  pinSet: 'Set unlock PIN',
  pinChange: 'Change unlock PIN',
  pinHint: 'The PIN unlocks the screen lock on this workstation without signing in again.',
  pinMissingHint:
    'No unlock PIN yet: set one so that only you can unlock the screen after it locks when idle.',
  pinExplain:
    'The screen locks after a while without use, signed in or not. This PIN unlocks it on this workstation. Only a slow hash of it is stored.',
  pinCurrent: 'Current PIN',
  pinNew: 'New PIN ({{count}} characters or more)',
  pinAgain: 'New PIN again',
  pinMismatch: 'The two PINs differ.',
  pinSave: 'Save PIN',
  pinSaved: 'PIN saved',
};
