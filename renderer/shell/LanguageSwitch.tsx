import { useTranslation } from 'react-i18next';
import { Locale } from '../../preload/contract/index.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { LockIcon } from './LockIcon.js';

export function LanguageSwitch(): React.JSX.Element {
  const { t } = useTranslation();
  const locale = useSettingsStore((state) => state.locale);
  const setLocale = useSettingsStore((state) => state.setLocale);
  const locked = useSettingsStore((state) => state.locked.includes('locale'));
  return (
    <label className="language" title={locked ? t('managed.lockedHint') : undefined}>
      {t('settings.language')}
      <select
        value={locale}
        data-testid="language"
        disabled={locked}
        onChange={(event) => void setLocale(Locale.parse(event.target.value))}
      >
        {Locale.options.map((option) => (
          <option key={option} value={option}>
            {t(`settings.languages.${option}`)}
          </option>
        ))}
      </select>
      {locked && (
        <span className="managed-lock" data-testid="language-locked">
          <LockIcon /> {t('managed.locked')}
        </span>
      )}
    </label>
  );
}
