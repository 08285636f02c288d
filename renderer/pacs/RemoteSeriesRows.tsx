import { useTranslation } from 'react-i18next';
import type { PacsProblem, RemoteSeries, RemoteStudy } from '../../preload/contract/index.js';
import { usePacsStore } from '../state/pacsStore.js';

/** The series of an opened remote study, under its row, each with its own Retrieve. */
export function RemoteSeriesRows({
  study,
  entry,
}: {
  study: RemoteStudy;
  entry: RemoteSeries[] | 'loading' | { problem: PacsProblem };
}): React.JSX.Element {
  const { t } = useTranslation();
  if (entry === 'loading' || !Array.isArray(entry))
    return (
      <tr className="remote-series">
        <td colSpan={8} className={entry === 'loading' ? 'muted' : 'remote-problem'}>
          {entry === 'loading' ? t('pacs.loadingSeries') : t(`pacs.problem.${entry.problem}`)}
        </td>
      </tr>
    );
  return (
    <>
      {entry.map((series) => (
        <tr
          key={series.seriesInstanceUid}
          className="remote-series"
          data-testid="remote-series-row"
        >
          <td colSpan={4} className="remote-series-name">
            {series.seriesNumber ?? ''} {series.seriesDescription}
            <span className="remote-actions">
              <button
                type="button"
                className="secondary"
                data-testid="remote-retrieve-series"
                onClick={() =>
                  void usePacsStore
                    .getState()
                    .retrieve(study.studyInstanceUid, series.seriesInstanceUid)
                }
              >
                {t('pacs.retrieveSeries')}
              </button>
            </span>
          </td>
          <td>{series.modality}</td>
          <td colSpan={2} />
          <td className="number">{series.instanceCount ?? ''}</td>
        </tr>
      ))}
    </>
  );
}
