import { getRenderingEngine } from '@cornerstonejs/core';
import { useTranslation } from 'react-i18next';
import type { StudySummary } from '../../preload/contract/index.js';
import { formatDicomDate } from '../format/dates.js';
import { useCompareStore } from '../state/compareStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { useViewerStore } from '../state/viewerStore.js';
import { RENDERING_ENGINE_ID } from './cornerstone.js';
import { offsetBetween, priorLinkMode } from './synchronization.js';

interface Props {
  study: StudySummary;
  /** Viewport ids of the cells that show the prior. */
  priorCells: readonly string[];
  relink: () => void;
}

/**
 * While a prior is beside the current study: which is which, how they are linked (world
 * position, or slice location through the alignment), "align here" and the way out.
 */
export function CompareBar({ study, priorCells, relink }: Props): React.JSX.Element | null {
  const { t } = useTranslation();
  const prior = useCompareStore((state) => state.prior);
  const offset = useCompareStore((state) => state.offset);
  const locale = useSettingsStore((state) => state.locale);
  const cells = useViewerStore((state) => state.cells);
  if (prior === undefined) return null;
  const currentCell = cells.find((cell) => !priorCells.includes(cell.id));
  const priorCell = cells.find((cell) => priorCells.includes(cell.id));
  const mode =
    currentCell === undefined || priorCell === undefined
      ? undefined
      : priorLinkMode(currentCell.id, priorCell.id);

  const align = (): void => {
    const engine = getRenderingEngine(RENDERING_ENGINE_ID);
    if (engine === undefined || currentCell === undefined || priorCell === undefined) return;
    const current = engine.getViewport(currentCell.id);
    const other = engine.getViewport(priorCell.id);
    if (current === undefined || other === undefined) return;
    const next = offsetBetween(current, other);
    if (next === undefined) return;
    useCompareStore.getState().setOffset(next);
    relink();
  };

  return (
    <div className="compare-bar" role="status" data-testid="compare-bar" data-link={mode ?? ''}>
      <span>
        {t('reading.compare.current')} {formatDicomDate(study.studyDate, locale)} ⇔{' '}
        {t('reading.compare.prior', { date: formatDicomDate(prior.studyDate, locale) })}
      </span>
      {mode !== undefined && (
        <span className="compare-mode" data-testid="compare-link-mode">
          {mode === 'world'
            ? t('reading.compare.linkWorld')
            : t('reading.compare.linkSliceLocation')}
        </span>
      )}
      {mode === 'sliceLocation' && (
        <button
          type="button"
          className="secondary"
          data-testid="compare-align"
          title={t('reading.compare.alignTitle')}
          onClick={align}
        >
          {offset === undefined ? t('reading.compare.align') : `${t('reading.compare.align')} ✓`}
        </button>
      )}
      <button
        type="button"
        className="secondary"
        data-testid="compare-close"
        onClick={() => useCompareStore.getState().close()}
      >
        {t('reading.compare.end')}
      </button>
    </div>
  );
}
