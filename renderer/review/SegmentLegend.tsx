import { useTranslation } from 'react-i18next';
import { Term } from './Term.js';
import type { ReviewSegmentation } from '../../preload/contract/index.js';
import { useReviewStore } from '../state/reviewStore.js';
import { AiMark } from './AiMark.js';

const hex = (color: readonly number[]): string =>
  `#${color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const rgb = (value: string): [number, number, number] =>
  [1, 3, 5].map((at) => parseInt(value.slice(at, at + 2), 16)) as [number, number, number];

/** Each segment with its colour, shown or hidden, and the overlay's fill, outline and opacity. */
export function SegmentLegend({
  segmentation,
}: {
  segmentation: ReviewSegmentation;
}): React.JSX.Element {
  const { t } = useTranslation();
  const segments = useReviewStore((state) => state.segments);
  const fill = useReviewStore((state) => state.fill);
  const outline = useReviewStore((state) => state.outline);
  const opacity = useReviewStore((state) => state.opacity);
  const store = useReviewStore.getState;
  return (
    <section className="segment-legend" data-testid="segment-legend">
      <h3>
        {t('review.segments')} <AiMark algorithm={segmentation.algorithm} />
      </h3>
      <div className="overlay-controls">
        <label>
          <input
            type="checkbox"
            checked={fill}
            data-testid="overlay-fill"
            onChange={(e) => store().setOverlay({ fill: e.target.checked })}
          />{' '}
          {t('review.fill')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={outline}
            data-testid="overlay-outline"
            onChange={(e) => store().setOverlay({ outline: e.target.checked })}
          />{' '}
          {t('review.outline')}
        </label>
        <label>
          {t('review.opacity')}
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={opacity}
            data-testid="overlay-opacity"
            onChange={(e) => store().setOverlay({ opacity: Number(e.target.value) })}
          />
        </label>
      </div>
      <ul>
        {segmentation.segments.map((segment) => {
          const display = segments[segment.number];
          if (display === undefined) return null;
          return (
            <li key={segment.number} data-testid="segment-item">
              <input
                type="checkbox"
                checked={display.visible}
                aria-label={t('review.showSegment', { label: segment.label })}
                onChange={(e) => store().setSegment(segment.number, { visible: e.target.checked })}
              />
              <input
                type="color"
                value={hex(display.color)}
                aria-label={t('review.segmentColor', { label: segment.label })}
                onChange={(e) => store().setSegment(segment.number, { color: rgb(e.target.value) })}
              />
              {segment.label === '' ? (
                <span>#{segment.number}</span>
              ) : (
                <Term text={segment.label} />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
