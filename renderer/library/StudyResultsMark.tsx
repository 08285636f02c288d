import { useTranslation } from 'react-i18next';
import type { StudyResultsSummary } from '../../preload/contract/index.js';
import { useServiceNames } from '../state/useServiceNames.js';
import { formatDateTime } from '../format/dates.js';
import { useSettingsStore } from '../state/settingsStore.js';

/**
 * The study row's mark for AI results stored beside the study ("AI 2": two result series), with
 * the service, the algorithm and version and the time of each in its title, and "assessed" once
 * the doctor saved an assessment.
 */
export function StudyResultsMark({
  results,
}: {
  results: StudyResultsSummary | undefined;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  const serviceName = useServiceNames();
  const locale = useSettingsStore((state) => state.locale);
  if (results === undefined) return null;
  const sources = results.sources
    .map((source) =>
      t('library.results.source', {
        service: serviceName(source.serviceId),
        serviceVersion: source.serviceVersion,
        algorithm: source.algorithm.name,
        version: source.algorithm.version,
        time: formatDateTime(source.time, locale),
      }),
    )
    .join('; ');
  return (
    <span className="study-results">
      {results.aiSeries > 0 && (
        <span
          className="ai-mark"
          data-testid="study-ai-mark"
          title={t('library.results.studyMarkTitle', { sources })}
        >
          {t('library.results.studyMark', { count: results.aiSeries })}
        </span>
      )}
      {results.assessments > 0 && (
        <span className="assessment-mark" data-testid="study-assessed-mark">
          {t('library.results.assessedMark')}
        </span>
      )}
    </span>
  );
}
