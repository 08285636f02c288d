import { useTranslation } from 'react-i18next';
import type { JobView } from '../../preload/contract/index.js';
import { useJobsStore } from '../jobs/jobsStore.js';
import { useLibraryStore } from '../state/libraryStore.js';

const ACTIVE = new Set<JobView['state']>(['preparing', 'uploading', 'queued', 'running']);

/** How far a job is, in percent, when it says: bytes while uploading, the service's own while running. */
function percentOf(job: JobView): number | undefined {
  if (job.state === 'uploading' && job.progress.bytesTotal > 0)
    return (100 * job.progress.bytesDone) / job.progress.bytesTotal;
  if (job.state === 'running') return job.progress.servicePercent;
  return undefined;
}

/**
 * What is going on, in the header where the reader looks: an import with its progress, the AI
 * jobs in progress (one bar for all), jobs that failed and results that arrived. A click opens
 * the library at the jobs, which otherwise sit below the fold.
 */
export function ActivityIndicator({ reveal }: { reveal: () => void }): React.JSX.Element | null {
  const { t } = useTranslation();
  const importing = useLibraryStore((state) => state.importing);
  const progress = useLibraryStore((state) => state.progress);
  const jobs = useJobsStore((state) => state.jobs);
  const arrived = useJobsStore((state) => state.arrived);
  const active = jobs.filter((job) => ACTIVE.has(job.state));
  const failed = jobs.filter((job) => job.state === 'failed').length;
  const percents = active.map(percentOf).filter((value) => value !== undefined);
  const jobPercent =
    percents.length === 0
      ? undefined
      : percents.reduce((sum, value) => sum + value, 0) / percents.length;
  if (!importing && active.length === 0 && failed === 0 && arrived === undefined) return null;

  const showJobs = (): void => {
    reveal();
    requestAnimationFrame(() =>
      document.querySelector('[data-testid="jobs-panel"]')?.scrollIntoView({ block: 'nearest' }),
    );
  };
  return (
    <div className="activity" role="status" data-testid="activity">
      {importing && (
        <span className="activity-item" data-testid="activity-import">
          {progress === undefined || progress.phase === 'listing'
            ? t('reading.activity.listing')
            : t('reading.activity.importing', {
                done: String(progress.done),
                total: String(progress.total),
              })}
          <progress
            max={progress?.total ?? 1}
            value={
              progress === undefined || progress.phase === 'listing' ? undefined : progress.done
            }
          />
        </span>
      )}
      {(active.length > 0 || failed > 0 || arrived !== undefined) && (
        <button
          type="button"
          className="secondary activity-item"
          data-testid="activity-jobs"
          title={t('reading.activity.show')}
          onClick={showJobs}
        >
          {active.length > 0 && (
            <>
              {t('reading.activity.jobsRunning', { count: active.length })}
              <progress
                max={100}
                value={jobPercent}
                data-testid="activity-jobs-progress"
                aria-label={t('reading.activity.jobsRunning', { count: active.length })}
              />
            </>
          )}
          {failed > 0 && (
            <span className="activity-failed">
              {t('reading.activity.jobsFailed', { count: failed })}
            </span>
          )}
          {arrived !== undefined && <span>{t('reading.activity.resultsArrived')}</span>}
        </button>
      )}
    </div>
  );
}
