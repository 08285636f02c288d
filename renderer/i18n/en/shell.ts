// English messages for the app around the screens: its name, the settings menu and what managed policy fixes.
import type { Messages } from '../messages.js';

export const app: Messages['app'] = {
  title: 'Mitate',
  tagline: 'DICOM viewer',
};

export const settings: Messages['settings'] = {
  language: 'Language',
  languages: { ja: '日本語', en: 'English' },
};

export const managed: Messages['managed'] = {
  locked: 'Set by your administrator',
  lockedHint: "Your organisation's IT policy fixes this setting.",
  badge: 'Managed',
  platformUrl: 'AI platform: {{url}}',
  idleLock: 'Screen locks after {{minutes}} min without input',
  updateModes: {
    default: 'Updates: automatic (installed on quit)',
    start: 'Updates: at start only',
    manual: 'Updates: manual',
    none: 'Updates: deployed by IT',
  },
  otherLocked: '{{count}} more settings are set by your administrator',
};
