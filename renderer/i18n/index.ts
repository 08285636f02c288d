import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../preload/contract/index.js';
import { en } from './en.js';
import { ja } from './ja.js';

export const resources = { ja: { translation: ja }, en: { translation: en } } as const;

/** Japanese first: the app is made for clinics in Japan; English is the fallback. */
export async function initI18n(locale: Locale = 'ja'): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = locale;
  return i18next;
}

export async function changeLocale(locale: Locale): Promise<void> {
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}
