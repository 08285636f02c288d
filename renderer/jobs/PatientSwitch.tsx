import { useTranslation } from 'react-i18next';
import type { StudySummary } from '../../preload/contract/index.js';
import { formatDicomDate } from '../format/dates.js';
import { primaryName } from '../format/personName.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { usePatientSwitch } from './patientSwitch.js';
import './patientSwitch.css';

function Patient({ study, testId }: { study: StudySummary; testId: string }): React.JSX.Element {
  const locale = useSettingsStore((state) => state.locale);
  const { t } = useTranslation();
  return (
    <dd data-testid={testId}>
      <strong>{primaryName(study.patientName, locale)}</strong> ID {study.patientId}
      {study.patientBirthDate !== '' && (
        <> · {t('identity.birthDate', { date: formatDicomDate(study.patientBirthDate, locale) })}</>
      )}
    </dd>
  );
}

/** The confirmation before another patient's results open, and the banner naming the patient switched to. */
export function PatientSwitch(): React.JSX.Element | null {
  const { t } = useTranslation();
  const locale = useSettingsStore((state) => state.locale);
  const pending = usePatientSwitch((state) => state.pending);
  const switched = usePatientSwitch((state) => state.switched);
  const selectedStudyId = useLibraryStore((state) => state.selectedStudyId);
  if (pending !== undefined) {
    return (
      <div className="patient-switch-backdrop" role="presentation">
        <div
          className="patient-switch"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="patient-switch-title"
          data-testid="patient-switch"
        >
          <h2 id="patient-switch-title">{t('identity.switchTitle')}</h2>
          <p>{t('identity.switchBody')}</p>
          <dl>
            <dt>{t('identity.switchCurrent')}</dt>
            <Patient study={pending.current} testId="patient-switch-current" />
            <dt>{t('identity.switchNext')}</dt>
            <Patient study={pending.next} testId="patient-switch-next" />
          </dl>
          <div className="patient-switch-actions">
            <button
              type="button"
              className="secondary"
              data-testid="patient-switch-cancel"
              autoFocus
              onClick={() => usePatientSwitch.getState().cancel()}
            >
              {t('identity.switchCancel')}
            </button>
            <button
              type="button"
              data-testid="patient-switch-confirm"
              onClick={() => void usePatientSwitch.getState().confirm()}
            >
              {t('identity.switchConfirm')}
            </button>
          </div>
        </div>
      </div>
    );
  }
  // The banner stays while the switched-to study is on screen.
  if (switched === undefined || switched.id !== selectedStudyId) return null;
  return (
    <div className="patient-switched" role="status" data-testid="patient-switched">
      {t('identity.switchedBanner', {
        name: primaryName(switched.patientName, locale),
        id: switched.patientId,
      })}
      <button
        type="button"
        className="secondary"
        aria-label={t('identity.dismiss')}
        onClick={() => usePatientSwitch.getState().dismiss()}
      >
        ×
      </button>
    </div>
  );
}
