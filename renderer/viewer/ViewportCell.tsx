import type { Types } from '@cornerstonejs/core';
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesDetail, StudySummary } from '../../preload/contract/index.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { useReadout, useViewerStore } from '../state/viewerStore.js';
import { CornerText } from './CornerText.js';
import type { CellSpec } from '../state/layouts.js';
import { OrientationMarkers } from './OrientationMarkers.js';
import { DicomOverlayLayer } from './overlays/dicomOverlayLayer.js';
import { StackController } from './stackController.js';
import { SERIES_DRAG_TYPE } from './seriesDrag.js';
import { registerController } from './viewportRegistry.js';
import type { ViewportController } from './viewportController.js';
import { VolumeController } from './volumeController.js';

interface Props {
  spec: CellSpec;
  slot: number;
  study: StudySummary;
  series: SeriesDetail;
  active: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  onDropSeries: (slot: number, seriesId: string) => void;
  /** Called once the viewport is enabled and its series is loading, so links can be rebuilt. */
  onReady: () => void;
}

function makeController(spec: CellSpec): ViewportController {
  if (spec.view === 'stack') return new StackController(spec.id);
  return new VolumeController(spec.id, spec.view, spec.projection);
}

export function ViewportCell({
  spec,
  slot,
  study,
  series,
  active,
  onKeyDown,
  onDropSeries,
  onReady,
}: Props): React.JSX.Element {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const controller = useMemo(() => makeController(spec), [spec]);
  const [attached, setAttached] = useState<Promise<void> | undefined>(undefined);
  const { status, index, count } = useReadout(spec.id);
  const locale = useSettingsStore((state) => state.locale);
  const showOverlay = useViewerStore((state) => state.showOverlay);
  const slabMm = useViewerStore((state) => state.slabMm);

  useEffect(() => {
    const target = element.current;
    if (target === null) return undefined;
    const unregister = registerController(controller);
    setAttached(controller.attach(target));
    const observer = new ResizeObserver(() => controller.resize());
    observer.observe(target);
    return () => {
      observer.disconnect();
      unregister();
      controller.detach();
    };
  }, [controller]);

  useEffect(() => {
    void attached?.then(async () => {
      const loading = controller.load(series);
      onReady();
      await loading;
      onReady();
    });
    // Deliberately not on onReady: a new callback must not reload the series.
  }, [attached, controller, series]);

  // Overlay planes belong to the images as acquired: stack viewports only.
  useEffect(() => {
    const target = element.current;
    if (spec.view !== 'stack' || attached === undefined || target === null) return undefined;
    let layer: DicomOverlayLayer | undefined;
    let gone = false;
    void attached.then(() => {
      if (!gone)
        layer = new DicomOverlayLayer(
          target,
          () => controller.viewport() as Types.IStackViewport | undefined,
        );
    });
    return () => {
      gone = true;
      layer?.detach();
    };
  }, [attached, controller, spec.view]);

  useEffect(() => {
    if (controller instanceof VolumeController && spec.projection !== 'slice')
      controller.setProjection(spec.projection, slabMm);
  }, [controller, spec.projection, slabMm]);

  const viewLabel =
    spec.view === 'stack'
      ? undefined
      : t(`viewer.views.${spec.view}`) +
        (spec.projection === 'slice'
          ? ''
          : ` ${t(`viewer.projections.${spec.projection}`)} ${slabMm} mm`);

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    const seriesId = event.dataTransfer.getData(SERIES_DRAG_TYPE);
    if (seriesId === '') return;
    event.preventDefault();
    event.stopPropagation();
    onDropSeries(slot, seriesId);
  };

  return (
    <div
      className={active ? 'viewer-cell active' : 'viewer-cell'}
      data-testid="viewer-cell"
      data-slot={slot}
      onMouseDownCapture={() => useViewerStore.getState().update({ activeCell: slot })}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes(SERIES_DRAG_TYPE)) event.preventDefault();
      }}
      onDrop={onDrop}
    >
      <div
        className="viewer-stage"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => useViewerStore.getState().update({ activeCell: slot })}
        data-testid="viewer-stage"
      >
        <div
          ref={element}
          className="viewport"
          data-testid="viewport"
          data-viewport-id={spec.id}
          data-view={spec.view}
          data-projection={spec.projection}
          data-status={status}
          onContextMenu={(event) => event.preventDefault()}
        />
        {showOverlay && (
          <CornerText
            viewportId={spec.id}
            study={study}
            series={series}
            locale={locale}
            viewLabel={viewLabel}
          />
        )}
        <OrientationMarkers viewportId={spec.id} />
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
        value={Math.min(count, index + 1)}
        aria-label={t('viewer.sliceSlider')}
        data-testid="slice-slider"
        onChange={(event) => controller.scrollTo(Number(event.target.value) - 1)}
      />
    </div>
  );
}
