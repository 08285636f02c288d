import { create } from 'zustand';
import type {
  AppInfo,
  Locale,
  ManagedSettingsView,
  UserWindowPreset,
} from '../../preload/contract/index.js';
import { changeLocale } from '../i18n/index.js';
import { host } from '../host/host.js';

interface SettingsState {
  locale: Locale;
  info: AppInfo | undefined;
  /** Settings the organisation's policy fixes (shown locked, not editable). */
  locked: string[];
  /** The values the policy sets (platform, idle lock, updates), for the header badge. */
  managed: ManagedSettingsView | undefined;
  /** The reader's own window presets, kept in the settings file. */
  windowPresets: UserWindowPreset[];
  load(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  /** Saves a window under a name (the same name replaces it); false when it was not saved. */
  saveWindowPreset(preset: UserWindowPreset): Promise<boolean>;
  removeWindowPreset(name: string): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  locale: 'ja',
  windowPresets: [],
  info: undefined,
  locked: [],
  managed: undefined,
  async load() {
    const [settings, info, managed] = await Promise.all([
      host().invoke('settings.get', {}),
      host().invoke('app.info', {}),
      host().invoke('settings.managed', {}),
    ]);
    if (managed.ok) set({ locked: managed.value.locked, managed: managed.value });
    if (settings.ok) {
      await changeLocale(settings.value.locale);
      set({ locale: settings.value.locale, windowPresets: settings.value.windowPresets ?? [] });
    }
    if (info.ok) set({ info: info.value });
  },
  async setLocale(locale) {
    await changeLocale(locale);
    set({ locale });
    await host().invoke('settings.update', { locale });
  },
  async saveWindowPreset(preset) {
    const others = get().windowPresets.filter((existing) => existing.name !== preset.name);
    const result = await host().invoke('settings.update', {
      windowPresets: [...others, preset],
    });
    if (result.ok) set({ windowPresets: result.value.windowPresets ?? [] });
    return result.ok;
  },
  async removeWindowPreset(name) {
    const windowPresets = get().windowPresets.filter((existing) => existing.name !== name);
    const result = await host().invoke('settings.update', { windowPresets });
    if (result.ok) set({ windowPresets: result.value.windowPresets ?? [] });
  },
}));
