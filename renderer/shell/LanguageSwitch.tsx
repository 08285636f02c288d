import { useTranslation } from 'react-i18next';
import { Locale } from '../../preload/contract.js';
import { useSettingsStore } from '../state/settingsStore.js';

export function LanguageSwitch(): React.JSX.Element {
  const { t } = useTranslation();
  const locale = useSettingsStore((state) => state.locale);
  const setLocale = useSettingsStore((state) => state.setLocale);
  return (
    <label className="language">
      {t('settings.language')}
      <select value={locale} data-testid="language" onChange={(event) => void setLocale(Locale.parse(event.target.value))}>
        {Locale.options.map((option) => (
          <option key={option} value={option}>
            {t(`settings.languages.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
