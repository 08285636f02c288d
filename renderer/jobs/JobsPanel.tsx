import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobView } from '../../preload/contract/index.js';
import { useServiceNames } from '../state/useServiceNames.js';
import { host } from '../host/host.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useJobsStore } from './jobsStore.js';
import { openJobResults } from './patientSwitch.js';
import './jobs.css';

const ACTIVE = new Set<JobView['state']>(['preparing', 'uploading', 'queued', 'running']);

function percentOf(job: JobView): number {
  const { bytesDone, bytesTotal } = job.progress;
  return bytesTotal === 0 ? 0 : Math.floor((100 * bytesDone) / bytesTotal);
}

function JobRow({ job }: { job: JobView }): React.JSX.Element {
  const { t } = useTranslation();
  const retry = useJobsStore((state) => state.retry);
  const cancel = useJobsStore((state) => state.cancel);
  const percent = percentOf(job);
  const serviceName = useServiceNames()(job.serviceId);
  return (
    <li className={`job job-${job.state}`} data-testid="job" data-job-state={job.state}>
      <div className="job-title">
        <span className="ai-mark">{t('jobs.aiMark')}</span> {serviceName}{' '}
        <span className="job-version">{job.serviceVersion}</span>
      </div>
      <div className="job-state">{t(`jobs.states.${job.state}`, { percent: String(percent) })}</div>
      {job.state === 'uploading' && (
        <>
          <progress
            max={100}
            value={percent}
            aria-label={t('jobs.states.uploading', { percent: String(percent) })}
          />
          <div className="job-progress">
            {t('jobs.progress', {
              done: String(job.progress.instancesDone),
              total: String(job.progress.instancesTotal),
              percent: String(percent),
            })}
          </div>
        </>
      )}
      {job.state === 'running' && job.progress.servicePercent !== undefined && (
        <progress max={100} value={job.progress.servicePercent} />
      )}
      {job.failure !== undefined && (
        <div className="job-failure" role="alert">
          {t(`jobs.failure.${job.failure}`)}
        </div>
      )}
      {job.state === 'completed' && (
        <div className="job-results">{t('jobs.results', { count: job.results })}</div>
      )}
      {job.refused > 0 && (
        <div className="job-failure" role="alert">
          {t('jobs.refused', { count: job.refused })}
        </div>
      )}
      <div className="job-actions">
        {ACTIVE.has(job.state) && (
          <button
            type="button"
            className="secondary"
            data-testid="job-cancel"
            onClick={() => void cancel(job.id)}
          >
            {t('jobs.cancel')}
          </button>
        )}
        {job.state === 'completed' && job.results > 0 && (
          <button
            type="button"
            data-testid="job-open-results"
            onClick={() => void openJobResults(job.studyId)}
          >
            {t('jobs.openResults')}
          </button>
        )}
        {(job.state === 'failed' || job.state === 'cancelled') && (
          <button
            type="button"
            className="secondary"
            data-testid="job-retry"
            onClick={() => void retry(job.id)}
          >
            {t('jobs.retry')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The jobs panel: every send job with its state and progress, retry and cancel. */
export function JobsPanel(): React.JSX.Element {
  const { t } = useTranslation();
  const jobs = useJobsStore((state) => state.jobs);
  const arrived = useJobsStore((state) => state.arrived);
  const error = useJobsStore((state) => state.error);

  useEffect(() => {
    void useJobsStore.getState().load();
    const offChanged = host().on('jobs.changed', (job) => useJobsStore.getState().apply(job));
    const offResults = host().on('jobs.resultsReady', ({ jobId, results }) => {
      useJobsStore.getState().resultsArrived(jobId, results);
      // The study row and its series list show the new AI results.
      void useLibraryStore.getState().refreshResults();
    });
    return () => {
      offChanged();
      offResults();
    };
  }, []);

  return (
    <section className="jobs-panel" data-testid="jobs-panel" aria-label={t('jobs.heading')}>
      <h2>{t('jobs.heading')}</h2>
      {arrived !== undefined && (
        <div className="jobs-arrived" role="status">
          {t('jobs.resultsReady', { count: arrived.results })}
          <button
            type="button"
            className="secondary"
            onClick={() => useJobsStore.getState().dismissArrived()}
          >
            ×
          </button>
        </div>
      )}
      {error !== undefined && (
        <div className="job-failure" role="alert">
          {t(`error.${error}`)}
        </div>
      )}
      {jobs.length === 0 ? (
        <p className="hint">{t('jobs.empty')}</p>
      ) : (
        <ul className="jobs">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}
