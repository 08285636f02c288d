import { useTranslation } from 'react-i18next';
import { formatDicomDate } from '../format/dicomDate.js';
import { primaryName, secondaryNames } from '../format/personName.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';

export function StudyList(): React.JSX.Element {
  const { t } = useTranslation();
  const studies = useLibraryStore((state) => state.studies);
  const selectedStudyId = useLibraryStore((state) => state.selectedStudyId);
  const selectStudy = useLibraryStore((state) => state.selectStudy);
  const locale = useSettingsStore((state) => state.locale);

  if (studies.length === 0) return <p className="empty" data-testid="study-list-empty">{t('library.empty')}</p>;
  return (
    <table className="study-list" data-testid="study-list">
      <thead>
        <tr>
          <th>{t('library.columns.patientName')}</th>
          <th>{t('library.columns.patientId')}</th>
          <th>{t('library.columns.birthDate')}</th>
          <th>{t('library.columns.studyDate')}</th>
          <th>{t('library.columns.modality')}</th>
          <th>{t('library.columns.description')}</th>
          <th className="number">{t('library.columns.series')}</th>
          <th className="number">{t('library.columns.images')}</th>
        </tr>
      </thead>
      <tbody>
        {studies.map((study) => (
          <tr
            key={study.id}
            className={study.id === selectedStudyId ? 'selected' : undefined}
            aria-selected={study.id === selectedStudyId}
            tabIndex={0}
            data-testid="study-row"
            onClick={() => void selectStudy(study.id)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') void selectStudy(study.id);
            }}
          >
            <td>
              <div className="name-primary">{primaryName(study.patientName, locale)}</div>
              {secondaryNames(study.patientName, locale).map((name) => (
                <div key={name} className="name-secondary">
                  {name}
                </div>
              ))}
            </td>
            <td>{study.patientId}</td>
            <td>{formatDicomDate(study.patientBirthDate, locale)}</td>
            <td>{formatDicomDate(study.studyDate, locale)}</td>
            <td>{study.modalities.join(', ')}</td>
            <td>{study.studyDescription}</td>
            <td className="number">{study.seriesCount}</td>
            <td className="number">{study.imageCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
