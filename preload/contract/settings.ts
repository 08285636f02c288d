/** The user's own settings, and which of them the managed policy fixes. */
import { z } from 'zod';
import { ManagedSettingsView } from './policy.js';
import { Empty } from './shared.js';

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

/** A window the reader saved under a name of their own (centre and width in modality units). */
export const UserWindowPreset = z
  .object({
    name: z.string().trim().min(1).max(40),
    center: z.number().finite(),
    width: z.number().finite().positive(),
  })
  .strict();
export type UserWindowPreset = z.infer<typeof UserWindowPreset>;

export const Settings = z.object({
  locale: Locale,
  /** The reader's own window presets, listed after the built-in ones. */
  windowPresets: z.array(UserWindowPreset).max(30).optional(),
});
export type Settings = z.infer<typeof Settings>;

export const settingsChannels = {
  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: Settings.partial().strict(), response: Settings },
  'settings.managed': { request: Empty, response: ManagedSettingsView },
} as const;
