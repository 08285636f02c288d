import { useTranslation } from 'react-i18next';
import { useSettingsStore } from '../state/settingsStore.js';
import { LockIcon } from './LockIcon.js';

/** Settings shown by value below; the others are only counted. */
const SHOWN = ['platformUrl', 'idleLockMinutes', 'updateMode', 'locale'];

/**
 * "Managed" in the header when the organisation's policy sets anything: the doctor (and the IT
 * person on the phone) can see which platform, idle lock and update mode IT chose.
 */
export function ManagedPolicyBadge(): React.JSX.Element | null {
  const { t } = useTranslation();
  const managed = useSettingsStore((state) => state.managed);
  if (managed === undefined || managed.locked.length === 0) return null;
  const others = managed.locked.filter((key) => !SHOWN.includes(key)).length;
  return (
    <details className="managed-badge" data-testid="managed-badge">
      <summary title={t('managed.lockedHint')}>
        <LockIcon /> {t('managed.badge')}
      </summary>
      <ul>
        {managed.platformUrl !== undefined && (
          <li>{t('managed.platformUrl', { url: managed.platformUrl })}</li>
        )}
        {managed.idleLockMinutes !== undefined && (
          <li data-testid="managed-idle-lock">
            {t('managed.idleLock', { minutes: String(managed.idleLockMinutes) })}
          </li>
        )}
        {managed.updateMode !== undefined && (
          <li>{t(`managed.updateModes.${managed.updateMode}`)}</li>
        )}
        {others > 0 && <li>{t('managed.otherLocked', { count: others })}</li>}
      </ul>
    </details>
  );
}
