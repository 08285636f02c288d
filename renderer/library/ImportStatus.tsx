import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../state/libraryStore.js';

/** Progress while importing, then what happened: counts, skipped files, broken files, errors. */
export function ImportStatus(): React.JSX.Element | null {
  const { t } = useTranslation();
  const importing = useLibraryStore((state) => state.importing);
  const progress = useLibraryStore((state) => state.progress);
  const report = useLibraryStore((state) => state.lastReport);
  const error = useLibraryStore((state) => state.error);
  const cancelImport = useLibraryStore((state) => state.cancelImport);
  const dismissError = useLibraryStore((state) => state.dismissError);
  const interrupted = useLibraryStore((state) => state.interrupted);
  const resumeImport = useLibraryStore((state) => state.resumeImport);
  const dismissInterrupted = useLibraryStore((state) => state.dismissInterrupted);

  useEffect(() => {
    void useLibraryStore.getState().checkInterrupted();
  }, []);

  if (error !== undefined) {
    return (
      <div className="status status-error" role="alert" data-testid="import-error">
        <span>{t(`error.${error}`)}</span>
        <button type="button" onClick={dismissError} aria-label="×">
          ×
        </button>
      </div>
    );
  }
  if (importing) {
    return (
      <div className="status" role="status" data-testid="import-progress">
        {progress === undefined || progress.phase === 'listing' ? (
          <span>{t('library.listing')}</span>
        ) : progress.phase === 'extracting' ? (
          <>
            <span>
              {t('library.extracting', {
                done: String(progress.done),
                total: String(progress.total),
              })}
            </span>
            <progress max={progress.total} value={progress.done} />
          </>
        ) : (
          <>
            <span>
              {t('library.importing', {
                done: String(progress.done),
                total: String(progress.total),
              })}
            </span>
            <progress max={progress.total} value={progress.done} />
          </>
        )}
        <button type="button" onClick={() => void cancelImport()}>
          {t('library.cancel')}
        </button>
      </div>
    );
  }
  if (interrupted) {
    return (
      <div
        className="status status-warning interrupted"
        role="status"
        data-testid="import-interrupted"
      >
        <span>{t('library.interrupted.message')}</span>
        <button type="button" onClick={() => void resumeImport()} data-testid="resume-import">
          {t('library.interrupted.resume')}
        </button>
        <button type="button" className="secondary" onClick={() => void dismissInterrupted()}>
          {t('library.interrupted.dismiss')}
        </button>
      </div>
    );
  }
  if (report === undefined) return null;
  const lines: string[] = [];
  if (report.cancelled) lines.push(t('library.report.cancelled'));
  if (report.instancesAdded > 0 || report.studies.length > 0) {
    lines.push(
      t('library.report.summary', {
        added: String(report.instancesAdded),
        studies: String(report.studies.length),
      }),
    );
  } else {
    lines.push(t('library.report.nothingFound'));
  }
  if (report.relinked > 0) lines.push(t('library.report.relinked', { count: report.relinked }));
  if (report.duplicates > 0)
    lines.push(t('library.report.duplicates', { count: report.duplicates }));
  if (report.notDicom > 0) lines.push(t('library.report.notDicom', { count: report.notDicom }));
  if (report.withoutImages > 0)
    lines.push(t('library.report.withoutImages', { count: report.withoutImages }));
  const broken = report.broken.length + report.brokenNotListed;
  return (
    <div
      className={
        broken > 0 || report.refused.length > 0 || report.studies.length === 0
          ? 'status status-warning'
          : 'status'
      }
      role="status"
      data-testid="import-report"
    >
      <button
        type="button"
        className="secondary status-dismiss"
        data-testid="import-report-dismiss"
        aria-label={t('reading.report.dismiss')}
        title={t('reading.report.dismiss')}
        onClick={() => useLibraryStore.getState().dismissReport()}
      >
        ×
      </button>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
      {broken > 0 && (
        <details open>
          <summary>{t('library.report.broken', { count: broken })}</summary>
          <ul data-testid="broken-files">
            {report.broken.map((file, index) => (
              <li key={`${index}-${file.name}`}>
                {file.name}: {t(`library.brokenReason.${file.reason}`)}
              </li>
            ))}
            {report.brokenNotListed > 0 && (
              <li>{t('library.report.brokenMore', { count: report.brokenNotListed })}</li>
            )}
          </ul>
        </details>
      )}
      {report.refused.length > 0 && (
        <details open>
          <summary>{t('library.report.refused', { count: report.refused.length })}</summary>
          <ul className="refused-list" data-testid="refused-entries">
            {report.refused.map((entry, index) => (
              <li key={`${index}-${entry.name}`}>
                {entry.name}: {t(`library.refusedReason.${entry.reason}`)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
