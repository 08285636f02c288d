import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteStudy } from '../../preload/contract/index.js';
import { formatDicomDate } from '../format/dates.js';
import { primaryName, secondaryNames } from '../format/personName.js';
import { usePacsStore } from '../state/pacsStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { RemoteSeriesRows } from './RemoteSeriesRows.js';

/** A search's answers in the study list's style, each marked as on the PACS, with its series and Retrieve. */
export function RemoteStudyList(): React.JSX.Element | null {
  const { t } = useTranslation();
  const results = usePacsStore((state) => state.results);
  const searching = usePacsStore((state) => state.searching);
  const problem = usePacsStore((state) => state.searchProblem);
  const series = usePacsStore((state) => state.series);
  const queryId = usePacsStore((state) => state.queryId);
  const locale = useSettingsStore((state) => state.locale);
  if (queryId === undefined && !searching) return null;

  const row = (study: RemoteStudy) => {
    const open = series[study.studyInstanceUid] !== undefined;
    return (
      <Fragment key={study.studyInstanceUid}>
        <tr className="remote-study" data-testid="remote-study-row" title={t('pacs.remoteTitle')}>
          <td>
            <span className="remote-mark">{t('pacs.remote')}</span>
            <div className="name-primary">{primaryName(study.patientName, locale)}</div>
            {secondaryNames(study.patientName, locale).map((name) => (
              <div key={name} className="name-secondary">
                {name}
              </div>
            ))}
            <div className="remote-actions">
              <button
                type="button"
                className="secondary"
                aria-expanded={open}
                data-testid="remote-series-toggle"
                onClick={() => void usePacsStore.getState().toggleSeries(study.studyInstanceUid)}
              >
                {open ? t('pacs.hideSeries') : t('pacs.showSeries')}
              </button>
              <button
                type="button"
                data-testid="remote-retrieve-study"
                onClick={() => void usePacsStore.getState().retrieve(study.studyInstanceUid)}
              >
                {t('pacs.retrieveStudy')}
              </button>
            </div>
          </td>
          <td className="nowrap">{study.patientId}</td>
          <td className="nowrap">{formatDicomDate(study.patientBirthDate, locale)}</td>
          <td className="nowrap">{formatDicomDate(study.studyDate, locale)}</td>
          <td>{study.modalities.join(', ')}</td>
          <td>{study.studyDescription}</td>
          <td className="number">{study.seriesCount ?? ''}</td>
          <td className="number">{study.instanceCount ?? ''}</td>
        </tr>
        {open && <RemoteSeriesRows study={study} entry={series[study.studyInstanceUid]!} />}
      </Fragment>
    );
  };

  return (
    <div className="remote-results" data-testid="remote-results">
      <p className="study-count" data-testid="remote-count" aria-live="polite">
        {searching
          ? t('pacs.search.searching', { count: results.length })
          : t('pacs.search.found', { count: results.length })}
      </p>
      {problem !== undefined && (
        <p className="remote-problem" role="alert" data-testid="remote-problem">
          {t(`pacs.problem.${problem}`)}
        </p>
      )}
      {results.length > 0 ? (
        <table className="study-list remote-list">
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
          <tbody>{results.slice(0, 2000).map(row)}</tbody>
        </table>
      ) : (
        !searching && problem === undefined && <p className="empty">{t('pacs.search.none')}</p>
      )}
    </div>
  );
}
