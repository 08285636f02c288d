import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesDetail, StudySummary } from '../../preload/contract.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { useViewerStore } from '../state/viewerStore.js';
import { CornerText } from './CornerText.js';
import { imageIdsForSeries } from './imageIds.js';
import { StackController } from './stackController.js';
import { ViewerToolbar } from './ViewerToolbar.js';

interface Props {
  study: StudySummary;
  series: SeriesDetail;
}

/** Keys a radiologist uses without looking: arrows and page keys scroll, Home/End jump. */
function keyToScroll(key: string, count: number): { by?: number; to?: number } | undefined {
  switch (key) {
    case 'ArrowUp':
    case 'ArrowLeft':
      return { by: -1 };
    case 'ArrowDown':
    case 'ArrowRight':
      return { by: 1 };
    case 'PageUp':
      return { by: -10 };
    case 'PageDown':
      return { by: 10 };
    case 'Home':
      return { to: 0 };
    case 'End':
      return { to: count - 1 };
    default:
      return undefined;
  }
}

export function StackViewer({ study, series }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const controller = useMemo(() => new StackController(), []);
  const attached = useRef<Promise<void> | undefined>(undefined);
  const status = useViewerStore((state) => state.status);
  const index = useViewerStore((state) => state.index);
  const count = useViewerStore((state) => state.count);
  const locale = useSettingsStore((state) => state.locale);
  const showOverlay = useViewerStore((state) => state.showOverlay);

  useEffect(() => {
    const target = element.current;
    if (target === null) return undefined;
    attached.current = controller.attach(target);
    const observer = new ResizeObserver(() => controller.resize());
    observer.observe(target);
    return () => {
      observer.disconnect();
      controller.detach();
    };
  }, [controller]);

  useEffect(() => {
    void attached.current?.then(() => controller.load(imageIdsForSeries(series)));
  }, [controller, series]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'r' || event.key === 'R') {
      controller.reset();
      event.preventDefault();
      return;
    }
    if (event.key === 'i' || event.key === 'I') {
      useViewerStore.getState().update({ showOverlay: !showOverlay });
      event.preventDefault();
      return;
    }
    const move = keyToScroll(event.key, count);
    if (move === undefined) return;
    event.preventDefault();
    if (move.by !== undefined) controller.scrollBy(move.by);
    if (move.to !== undefined) controller.scrollTo(move.to);
  };

  return (
    <section className="viewer" aria-label={series.description}>
      <ViewerToolbar controller={controller} modality={series.modality} />
      <div className="viewer-stage" tabIndex={0} onKeyDown={onKeyDown} data-testid="viewer-stage">
        <div
          ref={element}
          className="viewport"
          data-testid="viewport"
          data-status={status}
          onContextMenu={(event) => event.preventDefault()}
        />
        {showOverlay && <CornerText study={study} series={series} locale={locale} />}
        {status === 'loading' && <div className="viewer-message">{t('viewer.loading')}</div>}
        {status === 'error' && (
          <div className="viewer-message viewer-error" role="alert">
            {t('viewer.loadFailed')}
          </div>
        )}
      </div>
      <input
        className="slice-slider"
        type="range"
        min={1}
        max={Math.max(1, count)}
        value={index + 1}
        aria-label={t('viewer.sliceSlider')}
        data-testid="slice-slider"
        onChange={(event) => controller.scrollTo(Number(event.target.value) - 1)}
      />
    </section>
  );
}
