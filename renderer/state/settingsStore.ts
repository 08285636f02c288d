import { create } from 'zustand';
import type { AppInfo, Locale, ManagedSettingsView } from '../../preload/contract/index.js';
import { changeLocale } from '../i18n/index.js';
import { host } from '../host/host.js';

interface SettingsState {
  locale: Locale;
  info: AppInfo | undefined;
  /** Settings the organisation's policy fixes (shown locked, not editable). */
  locked: string[];
  /** The values the policy sets (platform, idle lock, updates), for the header badge. */
  managed: ManagedSettingsView | undefined;
  load(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  locale: 'ja',
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
      set({ locale: settings.value.locale });
    }
    if (info.ok) set({ info: info.value });
  },
  async setLocale(locale) {
    await changeLocale(locale);
    set({ locale });
    await host().invoke('settings.update', { locale });
  },
}));
