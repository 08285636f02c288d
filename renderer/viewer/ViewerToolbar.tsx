import { useTranslation } from 'react-i18next';
import { useViewerStore, type SyncKind } from '../state/viewerStore.js';
import { PRIMARY_TOOLS } from './cornerstone.js';
import { LAYOUTS, PROJECTIONS, type Projection } from './layouts.js';
import type { ShortcutAction } from './shortcuts.js';
import { presetsFor, type WindowPresetId } from './windowPresets.js';

interface Props {
  modality: string;
  act: (action: ShortcutAction) => void;
  applyPreset: (id: WindowPresetId) => void;
  setProjection: (projection: Projection) => void;
}

const SYNC_KINDS: readonly SyncKind[] = ['scroll', 'zoomPan', 'windowLevel'];
const SLABS_MM = [5, 10, 20, 40, 80, 200];
const VIEW_ACTIONS = ['stack', 'mpr', 'mip'] as const;
const IMAGE_ACTIONS = ['invert', 'flipH', 'flipV', 'rotateCW', 'spinRight', 'cine', 'scaleBar', 'delete'] as const;

export function ViewerToolbar({ modality, act, applyPreset, setProjection }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const primaryTool = useViewerStore((state) => state.primaryTool);
  const preset = useViewerStore((state) => state.preset);
  const layout = useViewerStore((state) => state.layout);
  const sync = useViewerStore((state) => state.sync);
  const slabMm = useViewerStore((state) => state.slabMm);
  const showOverlay = useViewerStore((state) => state.showOverlay);
  const showDicomOverlays = useViewerStore((state) => state.showDicomOverlays);
  const projection = useViewerStore((state) => state.cells[state.activeCell]?.projection ?? 'slice');
  const update = useViewerStore((state) => state.update);

  return (
    <div className="toolbar" role="toolbar">
      <div className="tool-group" role="group" aria-label={t('viewer.groups.layout')}>
        {LAYOUTS.map((candidate) => (
          <button key={candidate} type="button" aria-pressed={layout === candidate} data-testid={`layout-${candidate}`} onClick={() => act({ kind: 'layout', layout: candidate })}>
            {candidate}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label={t('viewer.groups.view')}>
        {VIEW_ACTIONS.map((kind) => (
          <button key={kind} type="button" data-testid={`view-${kind}`} onClick={() => act({ kind })}>
            {t(`viewer.actions.${kind}`)}
          </button>
        ))}
        <label className="preset">
          {t('viewer.projection')}
          <select value={projection} data-testid="projection" onChange={(event) => setProjection(event.target.value as Projection)}>
            {PROJECTIONS.map((candidate) => (
              <option key={candidate} value={candidate}>
                {t(`viewer.projections.${candidate}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="preset">
          {t('viewer.slab')}
          <select value={slabMm} data-testid="slab-thickness" onChange={(event) => update({ slabMm: Number(event.target.value) })}>
            {SLABS_MM.map((mm) => (
              <option key={mm} value={mm}>
                {mm} mm
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="tool-group" role="group" aria-label={t('viewer.groups.tools')}>
        {PRIMARY_TOOLS.map((tool) => (
          <button key={tool} type="button" aria-pressed={primaryTool === tool} data-testid={`tool-${tool}`} onClick={() => act({ kind: 'tool', tool })}>
            {t(`viewer.tools.${tool}`)}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label={t('viewer.groups.image')}>
        <button type="button" data-testid="tool-reset" onClick={() => act({ kind: 'reset' })}>
          {t('viewer.tools.reset')}
        </button>
        <button type="button" aria-pressed={showOverlay} data-testid="tool-overlay" onClick={() => act({ kind: 'overlay' })}>
          {t('viewer.tools.overlay')}
        </button>
        <button type="button" aria-pressed={showDicomOverlays} data-testid="tool-dicom-overlays" onClick={() => act({ kind: 'dicomOverlays' })}>
          {t('viewer.tools.dicomOverlays')}
        </button>
        {IMAGE_ACTIONS.map((kind) => (
          <button key={kind} type="button" data-testid={`action-${kind}`} onClick={() => act({ kind })}>
            {t(`viewer.actions.${kind}`)}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label={t('viewer.groups.sync')}>
        {SYNC_KINDS.map((kind) => (
          <button key={kind} type="button" aria-pressed={sync[kind]} data-testid={`sync-${kind}`} onClick={() => update({ sync: { ...sync, [kind]: !sync[kind] } })}>
            {t(`viewer.sync.${kind}`)}
          </button>
        ))}
      </div>
      <label className="preset">
        {t('viewer.presets.label')}
        <select value={preset} data-testid="window-preset" onChange={(event) => applyPreset(event.target.value as WindowPresetId)}>
          {presetsFor(modality).map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {t(`viewer.presets.${candidate.id}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="help-button" data-testid="help" onClick={() => act({ kind: 'help' })}>
        {t('viewer.help.button')}
      </button>
    </div>
  );
}
