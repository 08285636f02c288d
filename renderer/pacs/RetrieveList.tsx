import { useTranslation } from 'react-i18next';
import type { RetrieveProgress } from '../../preload/contract/index.js';
import { usePacsStore } from '../state/pacsStore.js';

const ACTIVE = new Set(['queued', 'retrieving', 'importing']);
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** The retrieves, newest first: per study its images and MB, rate and time left, and what can be done. */
export function RetrieveList(): React.JSX.Element | null {
  const { t } = useTranslation();
  const retrieves = usePacsStore((state) => state.retrieves);
  if (retrieves.length === 0) return null;

  const time = (seconds: number): string =>
    seconds < 90
      ? t('pacs.retrieves.seconds', { count: Math.ceil(seconds) })
      : t('pacs.retrieves.minutes', { count: Math.ceil(seconds / 60) });

  const item = (one: RetrieveProgress) => (
    <li
      key={one.retrieveId}
      className={`retrieve retrieve-${one.state}`}
      data-testid="retrieve-item"
      data-state={one.state}
    >
      <div className="retrieve-head">
        <strong data-testid="retrieve-state">{t(`pacs.retrieves.state.${one.state}`)}</strong>
        <span>
          {one.instancesTotal === undefined
            ? t('pacs.retrieves.progressNoTotal', {
                done: String(one.instancesDone),
                mb: mb(one.bytesDone),
              })
            : t('pacs.retrieves.progress', {
                done: String(one.instancesDone),
                total: String(one.instancesTotal),
                mb: mb(one.bytesDone),
              })}
        </span>
        {one.bytesPerSecond !== undefined && one.secondsLeft !== undefined && (
          <span className="muted">
            {t('pacs.retrieves.rate', {
              rate: mb(one.bytesPerSecond),
              time: time(one.secondsLeft),
            })}
          </span>
        )}
        {one.instancesFailed > 0 && (
          <span className="warn">
            {t('pacs.retrieves.failedCount', { count: one.instancesFailed })}
          </span>
        )}
      </div>
      {one.instancesTotal !== undefined && one.instancesTotal > 0 && (
        <progress max={one.instancesTotal} value={one.instancesDone} />
      )}
      {one.problem !== undefined && (
        <p className="remote-problem">{t(`pacs.problem.${one.problem}`)}</p>
      )}
      {one.state === 'incomplete' && <p className="warn">{t('pacs.retrieves.incompleteHint')}</p>}
      <div className="retrieve-actions">
        {ACTIVE.has(one.state) && (
          <button
            type="button"
            className="secondary"
            data-testid="retrieve-cancel"
            onClick={() => void usePacsStore.getState().cancelRetrieve(one.retrieveId)}
          >
            {t('pacs.retrieves.cancel')}
          </button>
        )}
        {(one.state === 'failed' || one.state === 'incomplete' || one.state === 'cancelled') && (
          <button
            type="button"
            className="secondary"
            data-testid="retrieve-retry"
            onClick={() => void usePacsStore.getState().retry(one.retrieveId)}
          >
            {t('pacs.retrieves.retry')}
          </button>
        )}
        {one.studyId !== undefined && (one.state === 'completed' || one.state === 'incomplete') && (
          <button
            type="button"
            data-testid="retrieve-open"
            onClick={() => void usePacsStore.getState().open(one.studyId!)}
          >
            {t('pacs.retrieves.open')}
          </button>
        )}
      </div>
    </li>
  );

  return (
    <section className="retrieves" aria-label={t('pacs.retrieves.heading')} data-testid="retrieves">
      <h3>{t('pacs.retrieves.heading')}</h3>
      <ul>{[...retrieves].reverse().slice(0, 20).map(item)}</ul>
    </section>
  );
}
