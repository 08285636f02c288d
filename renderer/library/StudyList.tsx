import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDicomDate } from '../format/dates.js';
import { primaryName, secondaryNames } from '../format/personName.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { StudyResultsMark } from './StudyResultsMark.js';
import { StudySearch } from './StudySearch.js';
import { queryStudies, type SortKey } from '../state/studyQuery.js';
import './library.css';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'patientName', label: 'library.columns.patientName' },
  { key: 'patientId', label: 'library.columns.patientId' },
  { key: 'birthDate', label: 'library.columns.birthDate' },
  { key: 'studyDate', label: 'library.columns.studyDate' },
  { key: 'modality', label: 'library.columns.modality' },
  { key: 'description', label: 'library.columns.description' },
  { key: 'seriesCount', label: 'library.columns.series', numeric: true },
  { key: 'imageCount', label: 'library.columns.images', numeric: true },
];

export function StudyList(): React.JSX.Element {
  const { t } = useTranslation();
  const studies = useLibraryStore((state) => state.studies);
  const query = useLibraryStore((state) => state.query);
  const sort = useLibraryStore((state) => state.sort);
  const sortBy = useLibraryStore((state) => state.sortBy);
  const selectedStudyId = useLibraryStore((state) => state.selectedStudyId);
  const selectStudy = useLibraryStore((state) => state.selectStudy);
  const locale = useSettingsStore((state) => state.locale);
  const shown = useMemo(
    () => queryStudies(studies, query, sort, locale),
    [studies, query, sort, locale],
  );

  if (studies.length === 0)
    return (
      <p className="empty" data-testid="study-list-empty">
        {t('library.empty')}
      </p>
    );
  return (
    <>
      <StudySearch />
      <p className="study-count" data-testid="study-count">
        {t('library.search.shown', { shown: String(shown.length), total: String(studies.length) })}
      </p>
      <table className="study-list" data-testid="study-list">
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  className={column.numeric === true ? 'number' : undefined}
                  aria-sort={active ? sort.direction : 'none'}
                >
                  <button
                    type="button"
                    className="sort-button"
                    data-testid={`sort-${column.key}`}
                    onClick={() => sortBy(column.key)}
                  >
                    {t(column.label as 'library.columns.patientName')}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                    </span>
                    {active && (
                      <span className="visually-hidden">{t(`library.sort.${sort.direction}`)}</span>
                    )}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((study) => (
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
              <td className="nowrap">{study.patientId}</td>
              <td className="nowrap">{formatDicomDate(study.patientBirthDate, locale)}</td>
              <td className="nowrap" data-testid="study-date">
                {formatDicomDate(study.studyDate, locale)}
              </td>
              <td>{study.modalities.join(', ')}</td>
              <td>
                {study.studyDescription} <StudyResultsMark results={study.results} />
              </td>
              <td className="number">{study.seriesCount}</td>
              <td className="number">{study.imageCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && (
        <p className="empty" data-testid="study-list-no-match">
          {t('library.search.noMatch')}
        </p>
      )}
    </>
  );
}
