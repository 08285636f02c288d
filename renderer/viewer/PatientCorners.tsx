import { useTranslation } from 'react-i18next';
import type { Locale, StudySummary } from '../../preload/contract/index.js';
import { formatDicomDate } from '../format/dates.js';
import { primaryName } from '../format/personName.js';

interface Props {
  study: StudySummary;
  locale: Locale;
  /** More lines under the study's own in the top right corner (series view label). */
  children?: React.ReactNode;
}

/**
 * Whose images these are, in the top corners of every viewport that shows patient data (viewer
 * cells and the review's panes alike): name, patient ID and birth date on the left; study date,
 * accession number and description on the right.
 */
export function PatientCorners({ study, locale, children }: Props): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="corner-band corner-band-top">
      <div className="corner corner-top-left" data-testid="corner-top-left">
        <div data-testid="corner-patient-name">{primaryName(study.patientName, locale)}</div>
        <div data-testid="corner-patient-id">{study.patientId}</div>
        {study.patientBirthDate !== '' && (
          <div data-testid="corner-birth-date">
            {t('identity.birthDate', { date: formatDicomDate(study.patientBirthDate, locale) })}
          </div>
        )}
      </div>
      <div className="corner corner-top-right" data-testid="corner-top-right">
        <div data-testid="corner-study-date">{formatDicomDate(study.studyDate, locale)}</div>
        {study.accessionNumber !== undefined && study.accessionNumber !== '' && (
          <div data-testid="corner-accession">
            {t('identity.accession', { number: study.accessionNumber })}
          </div>
        )}
        <div>{study.studyDescription}</div>
        {children}
      </div>
    </div>
  );
}
