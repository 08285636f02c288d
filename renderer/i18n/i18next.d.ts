import 'i18next';
import type { ja } from './ja.js';

// Makes every t('…') key checked against the Japanese messages at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}
