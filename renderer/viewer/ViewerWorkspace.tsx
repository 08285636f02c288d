import { Enums as CoreEnums, eventTarget } from '@cornerstonejs/core';
import { Enums as ToolEnums } from '@cornerstonejs/tools';
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesDetail, StudySummary } from '../../preload/contract/index.js';
import { useCompareStore } from '../state/compareStore.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useViewerStore } from '../state/viewerStore.js';
import { showAnnotationsOf } from './annotationScope.js';
import { setArrowLabel, setPrimaryTool } from './cornerstone.js';
import { CompareBar } from './CompareBar.js';
import { GeometryBanner } from './GeometryBanner.js';
import { HelpOverlay } from './HelpOverlay.js';
import {
  gridOf,
  hangingFor,
  makeCell,
  mprFor,
  relayout,
  type Projection,
} from '../state/layouts.js';
import { deleteSelectedMeasurements, MeasurementList } from './MeasurementList.js';
import { checkGeometry } from './geometryNotice.js';
import { setScaleBar } from './scaleBar.js';
import { prepareSeriesVolume } from './seriesVolume.js';
import { shortcutFor, type ShortcutAction } from './shortcuts.js';
import { linkViewports } from './synchronization.js';
import { ViewerToolbar } from './ViewerToolbar.js';
import { ViewportCell } from './ViewportCell.js';
import { controllerFor } from './viewportRegistry.js';
import { VolumeController } from './volumeController.js';
import { CT_PRESET_IDS, type WindowPresetId } from '../state/windowPresets.js';
import './viewer.css';

interface Props {
  study: StudySummary;
  series: SeriesDetail;
}

/** Degrees a projection turns per key press or button click. */
const SPIN_STEP_DEGREES = 10;

/**
 * The reading area: toolbar, a grid of viewports (stack, MPR planes, projections), geometry
 * warnings, the measurement list and the keyboard help. The layout a series opens in comes from
 * the hanging defaults (layouts.ts).
 */
export function ViewerWorkspace({ study, series }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const currentSeries = useLibraryStore((state) => state.series);
  const prior = useCompareStore((state) => state.prior);
  const priorSeries = useCompareStore((state) => state.priorSeries);
  const priorOffset = useCompareStore((state) => state.offset);
  const compareFor = useCompareStore((state) => state.currentId);
  // A prior stays beside the study it was opened with; another study ends the comparison.
  const comparing = prior !== undefined && compareFor === study.id;
  const allSeries = comparing ? [...currentSeries, ...priorSeries] : currentSeries;
  const layout = useViewerStore((state) => state.layout);
  const cells = useViewerStore((state) => state.cells);
  const activeCell = useViewerStore((state) => state.activeCell);
  const sync = useViewerStore((state) => state.sync);
  const grid = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setArrowLabel(t('viewer.arrowLabel'));
  }, [t]);

  // A newly opened series hangs as its modality suggests.
  useEffect(() => {
    const hanging = hangingFor(series);
    prepareSeriesVolume(series);
    useViewerStore.getState().update({
      layout: hanging.layout,
      cells: hanging.cells,
      activeCell: 0,
      geometry: undefined,
      preset: 'default',
    });
  }, [series]);

  // Measurements belong to their study: another study (another patient) never shows them, and
  // they come back with their study. Leaving the viewer (the review) sets them aside too.
  useEffect(() => {
    showAnnotationsOf(study.id);
    return () => showAnnotationsOf(undefined);
  }, [study.id]);

  // Measurement lists follow cornerstone's annotation state.
  useEffect(() => {
    const bump = (): void =>
      useViewerStore
        .getState()
        .update({ annotationsVersion: useViewerStore.getState().annotationsVersion + 1 });
    const events = [
      ToolEnums.Events.ANNOTATION_COMPLETED,
      ToolEnums.Events.ANNOTATION_MODIFIED,
      ToolEnums.Events.ANNOTATION_REMOVED,
    ];
    for (const name of events) eventTarget.addEventListener(name, bump);
    return () => {
      for (const name of events) eventTarget.removeEventListener(name, bump);
    };
  }, []);

  // Geometry is checked once all headers are in (stack prefetch or volume load brings them).
  useEffect(() => {
    let timer: number | undefined;
    const onLoaded = (): void => {
      if (useViewerStore.getState().geometry?.seriesId === series.id) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => checkGeometry(series), 300);
    };
    eventTarget.addEventListener(CoreEnums.Events.IMAGE_LOADED, onLoaded);
    onLoaded();
    return () => {
      window.clearTimeout(timer);
      eventTarget.removeEventListener(CoreEnums.Events.IMAGE_LOADED, onLoaded);
    };
  }, [series]);

  useEffect(() => {
    if (compareFor !== undefined && compareFor !== study.id) useCompareStore.getState().close();
  }, [compareFor, study.id]);

  const priorIds = new Set(priorSeries.map((candidate) => candidate.id));
  const priorCells = comparing
    ? cells.filter((cell) => priorIds.has(cell.seriesId)).map((cell) => cell.id)
    : [];
  const priorCellsKey = priorCells.join(',');
  const relink = useCallback(() => {
    const ids = priorCellsKey === '' ? [] : priorCellsKey.split(',');
    linkViewports(
      useViewerStore.getState().cells.map((cell) => cell.id),
      useViewerStore.getState().sync,
      ids.length === 0 ? undefined : { viewportIds: new Set(ids), offset: priorOffset },
    );
  }, [priorCellsKey, priorOffset]);
  useEffect(() => relink(), [cells, sync, relink]);

  const seriesOf = (seriesId: string): SeriesDetail =>
    allSeries.find((candidate) => candidate.id === seriesId) ?? series;
  const active = (): ReturnType<typeof controllerFor> =>
    controllerFor(useViewerStore.getState().cells[useViewerStore.getState().activeCell]?.id);

  const act = (action: ShortcutAction): void => {
    const state = useViewerStore.getState();
    const current = state.cells[state.activeCell];
    const controller = active();
    switch (action.kind) {
      case 'scroll':
        controller?.scrollBy(action.by);
        break;
      case 'jump':
        controller?.scrollTo(action.to === 'first' ? 0 : Number.MAX_SAFE_INTEGER);
        break;
      case 'tool':
        setPrimaryTool(action.tool);
        state.update({ primaryTool: action.tool });
        break;
      case 'layout':
        state.update({
          layout: action.layout,
          cells: relayout(action.layout, state.cells, current?.seriesId ?? series.id),
          activeCell: 0,
        });
        break;
      case 'mpr':
        state.update({ ...mprFor(current?.seriesId ?? series.id), activeCell: 0 });
        break;
      case 'mip':
      case 'stack': {
        const slot = state.activeCell;
        const seriesId = current?.seriesId ?? series.id;
        const cell =
          action.kind === 'mip'
            ? makeCell(seriesId, 'axial', 'mip', slot)
            : makeCell(seriesId, 'stack', 'slice', slot);
        state.update({
          cells: state.cells.map((existing, index) => (index === slot ? cell : existing)),
        });
        break;
      }
      case 'preset': {
        // The digits are CT's windows; on other images they do nothing rather than surprise.
        const id = CT_PRESET_IDS[action.index];
        if (id !== undefined && seriesOf(current?.seriesId ?? series.id).modality === 'CT')
          controller?.applyPreset(id);
        break;
      }
      case 'windowDefault':
        controller?.applyPreset('default');
        break;
      case 'reset':
        controller?.reset();
        break;
      case 'overlay':
        state.update({ showOverlay: !state.showOverlay });
        break;
      case 'dicomOverlays':
        state.update({ showDicomOverlays: !state.showDicomOverlays });
        break;
      case 'invert':
        controller?.invert();
        break;
      case 'flipH':
        controller?.flip('horizontal');
        break;
      case 'flipV':
        controller?.flip('vertical');
        break;
      case 'rotateCW':
        controller?.rotateQuarter(1);
        break;
      case 'rotateCCW':
        controller?.rotateQuarter(-1);
        break;
      case 'spinLeft':
      case 'spinRight':
        if (controller instanceof VolumeController)
          controller.spin(action.kind === 'spinLeft' ? -SPIN_STEP_DEGREES : SPIN_STEP_DEGREES);
        break;
      case 'cine':
        controller?.toggleCine();
        break;
      case 'scaleBar':
        setScaleBar(!state.showScaleBar);
        break;
      case 'delete':
        deleteSelectedMeasurements();
        break;
      case 'help':
        state.update({ showHelp: !state.showHelp });
        break;
      case 'nextCell':
        // Tab keeps its native meaning (focus moves to the next viewport, which becomes active).
        break;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const action = shortcutFor(event);
    if (action === undefined || action.kind === 'nextCell') return;
    event.preventDefault();
    act(action);
  };

  const applyPreset = (id: WindowPresetId): void => active()?.applyPreset(id);

  /** A projection needs a volume: a stack cell becomes the axial plane of its series. */
  const setProjection = (projection: Projection): void => {
    const state = useViewerStore.getState();
    const slot = state.activeCell;
    const current = state.cells[slot];
    if (current === undefined) return;
    const view = current.view === 'stack' ? 'axial' : current.view;
    const cell = makeCell(current.seriesId, view, projection, slot);
    state.update({
      cells: state.cells.map((existing, index) => (index === slot ? cell : existing)),
    });
  };

  const onDropSeries = (slot: number, seriesId: string): void => {
    const state = useViewerStore.getState();
    const cells = state.cells.map((cell, index) =>
      index === slot ? makeCell(seriesId, 'stack', 'slice', slot) : cell,
    );
    state.update({ cells, activeCell: slot });
  };

  const { columns, rows } = gridOf(layout);
  return (
    <section className="viewer" aria-label={series.description} data-layout={layout}>
      <ViewerToolbar
        modality={series.modality}
        act={act}
        applyPreset={applyPreset}
        setProjection={setProjection}
      />
      <GeometryBanner />
      {comparing && <CompareBar study={study} priorCells={priorCells} relink={relink} />}
      <div className="viewer-body">
        <div
          ref={grid}
          className="viewer-grid"
          style={{
            gridTemplateColumns: `repeat(${columns}, 1fr)`,
            gridTemplateRows: `repeat(${rows}, 1fr)`,
          }}
        >
          {cells.map((cell, slot) => (
            <ViewportCell
              key={cell.id + cell.seriesId}
              spec={cell}
              slot={slot}
              study={comparing && priorIds.has(cell.seriesId) ? prior : study}
              series={seriesOf(cell.seriesId)}
              active={slot === activeCell && cells.length > 1}
              onKeyDown={onKeyDown}
              onDropSeries={onDropSeries}
              onReady={relink}
            />
          ))}
        </div>
        <MeasurementList />
      </div>
      <HelpOverlay />
    </section>
  );
}
