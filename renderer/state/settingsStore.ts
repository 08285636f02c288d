import { create } from 'zustand';
import type { AppInfo, Locale } from '../../preload/contract.js';
import { changeLocale } from '../i18n/index.js';
import { host } from '../shell/host.js';

interface SettingsState {
  locale: Locale;
  info: AppInfo | undefined;
  load(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  locale: 'ja',
  info: undefined,
  async load() {
    const [settings, info] = await Promise.all([host().invoke('settings.get', {}), host().invoke('app.info', {})]);
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
