/** The user's own settings, and which of them the managed policy fixes. */
import { z } from 'zod';
import { ManagedSettingsView } from './policy.js';
import { Empty } from './shared.js';

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

export const Settings = z.object({
  locale: Locale,
});
export type Settings = z.infer<typeof Settings>;

export const settingsChannels = {
  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: Settings.partial().strict(), response: Settings },
  'settings.managed': { request: Empty, response: ManagedSettingsView },
} as const;
