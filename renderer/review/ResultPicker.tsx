import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format/dates.js';
import { useReviewStore } from '../state/reviewStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { AiMark } from './AiMark.js';
import type { ReviewResult } from '../state/reviewResults.js';

/**
 * Which of the study's results the review shows (several AI jobs on one study, a third-party SEG
 * beside another): each with its AI mark and algorithm, or "manual / third-party", its series
 * description, its time and what it holds (SEG, SR or both).
 */
export function ResultPicker({
  results,
}: {
  results: readonly ReviewResult[];
}): React.JSX.Element | null {
  const { t } = useTranslation();
  const chosen = useReviewStore((state) => state.chosen);
  const locale = useSettingsStore((state) => state.locale);
  if (results.length === 0) return null;
  return (
    <section className="result-picker" data-testid="result-picker" aria-label={t('review.results')}>
      <h3>{t('review.results')}</h3>
      <ul>
        {results.map((result) => (
          <li key={result.key}>
            <button
              type="button"
              data-testid="result-choice"
              data-key={result.key}
              aria-pressed={result.key === chosen}
              onClick={() => useReviewStore.getState().choose(result.key)}
            >
              {result.algorithm !== undefined ? (
                <AiMark algorithm={result.algorithm} />
              ) : (
                <span className="manual-mark">{t('review.manualResult')}</span>
              )}
              <span className="result-description">
                {result.seriesDescription ?? t('library.noDescription')}
              </span>
              <span className="result-detail">
                {[result.segmentation && 'SEG', result.report && 'SR'].filter(Boolean).join(' + ')}
                {result.time !== undefined && ` · ${formatDateTime(result.time, locale)}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
