import { useTranslation } from 'react-i18next';
import { useViewerStore, type SyncKind } from '../state/viewerStore.js';
import type { PrimaryTool } from '../state/viewerStore.js';
import { LAYOUTS, PROJECTIONS, type Projection } from '../state/layouts.js';
import { shortcutLabel, type Shortcut, type ShortcutAction } from './shortcuts.js';
import { ToolbarMenu, ToolbarMenuItem } from './ToolbarMenu.js';
import type { WindowPresetId } from '../state/windowPresets.js';
import { WindowPresetPicker } from './WindowPresetPicker.js';

interface Props {
  modality: string;
  act: (action: ShortcutAction) => void;
  applyPreset: (id: WindowPresetId) => void;
  setProjection: (projection: Projection) => void;
}

const SYNC_KINDS: readonly SyncKind[] = ['scroll', 'zoomPan', 'windowLevel'];
const SLABS_MM = [5, 10, 20, 40, 80, 200];
const VIEW_ACTIONS = ['stack', 'mpr', 'mip'] as const;
/** Tools that move or look at the image: always one click away. */
const VIEW_TOOLS: readonly PrimaryTool[] = ['windowLevel', 'pan', 'zoom', 'rotate', 'crosshairs'];
/** Tools that leave a measurement behind: one menu. */
const MEASUREMENT_TOOLS: readonly PrimaryTool[] = [
  'length',
  'angle',
  'ellipse',
  'rectangle',
  'probe',
  'arrow',
];
const IMAGE_ACTIONS = [
  'invert',
  'flipH',
  'flipV',
  'rotateCW',
  'spinRight',
  'cine',
  'scaleBar',
] as const;
type ImageAction = (typeof IMAGE_ACTIONS)[number];
const LAYOUT_KEYS = {
  '1x1': 'layout1x1',
  '1x2': 'layout1x2',
  '2x2': 'layout2x2',
  '1x3': 'layout1x3',
} as const;
const TOOL_KEYS: Readonly<Record<PrimaryTool, Shortcut['does']>> = {
  windowLevel: 'windowLevel',
  pan: 'pan',
  zoom: 'zoom',
  length: 'length',
  angle: 'angle',
  ellipse: 'ellipse',
  rectangle: 'rectangle',
  probe: 'probe',
  arrow: 'arrow',
  rotate: 'rotateTool',
  crosshairs: 'crosshairs',
};

/**
 * The viewer's toolbar in two rows at a 1400 px window: how to look (layout, stack/MPR/MIP,
 * projection, slab, window) above what to do (view tools, measurements, image actions, sync).
 * Less frequent actions sit in menus; every one also has its keyboard shortcut.
 */
export function ViewerToolbar({
  modality,
  act,
  applyPreset,
  setProjection,
}: Props): React.JSX.Element {
  const { t } = useTranslation();
  const primaryTool = useViewerStore((state) => state.primaryTool);
  const layout = useViewerStore((state) => state.layout);
  const sync = useViewerStore((state) => state.sync);
  const slabMm = useViewerStore((state) => state.slabMm);
  const showOverlay = useViewerStore((state) => state.showOverlay);
  const showDicomOverlays = useViewerStore((state) => state.showDicomOverlays);
  const showScaleBar = useViewerStore((state) => state.showScaleBar);
  const cinePlaying = useViewerStore(
    (state) => state.readouts[state.cells[state.activeCell]?.id ?? '']?.cine ?? false,
  );
  const projection = useViewerStore(
    (state) => state.cells[state.activeCell]?.projection ?? 'slice',
  );
  const update = useViewerStore((state) => state.update);
  const measuring = MEASUREMENT_TOOLS.includes(primaryTool);
  /** On/off state of the image actions that switch something on; the others just act once. */
  const imageActionOn: Partial<Record<ImageAction, boolean>> = {
    cine: cinePlaying,
    scaleBar: showScaleBar,
  };
  /** Does the action and closes the menu it was chosen from. */
  const choose = (close: () => void, action: ShortcutAction) => (): void => {
    act(action);
    close();
  };
  const titled = (text: string, does: Shortcut['does']): string => {
    const key = shortcutLabel(does);
    return key === undefined ? text : `${text} (${key})`;
  };

  return (
    <div className="toolbar" role="toolbar">
      <div className="tool-group" role="group" aria-label={t('viewer.groups.view')}>
        <ToolbarMenu label={layout} name={t('viewer.groups.layout')} testId="layout-menu">
          {(close) =>
            LAYOUTS.map((candidate) => (
              <ToolbarMenuItem
                key={candidate}
                testId={`layout-${candidate}`}
                checked={layout === candidate}
                shortcut={shortcutLabel(LAYOUT_KEYS[candidate])}
                onSelect={choose(close, { kind: 'layout', layout: candidate })}
              >
                {candidate}
              </ToolbarMenuItem>
            ))
          }
        </ToolbarMenu>
        {VIEW_ACTIONS.map((kind) => (
          <button
            key={kind}
            type="button"
            data-testid={`view-${kind}`}
            title={titled(t(`viewer.actions.${kind}`), kind)}
            onClick={() => act({ kind })}
          >
            {t(`viewer.actions.${kind}`)}
          </button>
        ))}
        <select
          value={projection}
          data-testid="projection"
          aria-label={t('viewer.projection')}
          title={t('viewer.projection')}
          onChange={(event) => setProjection(event.target.value as Projection)}
        >
          {PROJECTIONS.map((candidate) => (
            <option key={candidate} value={candidate}>
              {t(`viewer.projections.${candidate}`)}
            </option>
          ))}
        </select>
        <select
          value={slabMm}
          data-testid="slab-thickness"
          aria-label={t('viewer.slab')}
          title={t('viewer.slab')}
          onChange={(event) => update({ slabMm: Number(event.target.value) })}
        >
          {SLABS_MM.map((mm) => (
            <option key={mm} value={mm}>
              {t('viewer.slabOption', { mm: String(mm) })}
            </option>
          ))}
        </select>
      </div>
      <WindowPresetPicker modality={modality} applyPreset={applyPreset} />
      <div className="tool-group" role="group" aria-label={t('viewer.groups.tools')}>
        {VIEW_TOOLS.map((tool) => (
          <button
            key={tool}
            type="button"
            aria-pressed={primaryTool === tool}
            data-testid={`tool-${tool}`}
            title={titled(t(`viewer.tools.${tool}`), TOOL_KEYS[tool])}
            onClick={() => act({ kind: 'tool', tool })}
          >
            {t(`viewer.tools.${tool}`)}
          </button>
        ))}
        <ToolbarMenu
          label={measuring ? t(`viewer.tools.${primaryTool}`) : t('viewer.groups.measure')}
          name={t('viewer.groups.measure')}
          testId="measure-menu"
          pressed={measuring}
        >
          {(close) => (
            <>
              {MEASUREMENT_TOOLS.map((tool) => (
                <ToolbarMenuItem
                  key={tool}
                  testId={`tool-${tool}`}
                  checked={primaryTool === tool}
                  shortcut={shortcutLabel(TOOL_KEYS[tool])}
                  onSelect={choose(close, { kind: 'tool', tool })}
                >
                  {t(`viewer.shortcuts.${TOOL_KEYS[tool]}`)}
                </ToolbarMenuItem>
              ))}
              <ToolbarMenuItem
                testId="action-delete"
                shortcut={shortcutLabel('delete')}
                onSelect={choose(close, { kind: 'delete' })}
              >
                {t('viewer.shortcuts.delete')}
              </ToolbarMenuItem>
            </>
          )}
        </ToolbarMenu>
      </div>
      <div className="tool-group" role="group" aria-label={t('viewer.groups.image')}>
        <button
          type="button"
          data-testid="tool-reset"
          title={titled(t('viewer.tools.reset'), 'reset')}
          onClick={() => act({ kind: 'reset' })}
        >
          {t('viewer.tools.reset')}
        </button>
        <button
          type="button"
          aria-pressed={showOverlay}
          data-testid="tool-overlay"
          title={titled(t('viewer.tools.overlay'), 'overlay')}
          onClick={() => act({ kind: 'overlay' })}
        >
          {t('viewer.tools.overlay')}
        </button>
        <ToolbarMenu
          label={t('viewer.groups.image')}
          name={t('viewer.groups.image')}
          testId="image-menu"
        >
          {(close) => (
            <>
              {IMAGE_ACTIONS.map((kind) => (
                <ToolbarMenuItem
                  key={kind}
                  testId={`action-${kind}`}
                  checked={imageActionOn[kind]}
                  shortcut={shortcutLabel(kind)}
                  onSelect={choose(close, { kind })}
                >
                  {t(`viewer.shortcuts.${kind}`)}
                </ToolbarMenuItem>
              ))}
              <ToolbarMenuItem
                testId="tool-dicom-overlays"
                checked={showDicomOverlays}
                shortcut={shortcutLabel('dicomOverlays')}
                onSelect={choose(close, { kind: 'dicomOverlays' })}
              >
                {t('viewer.shortcuts.dicomOverlays')}
              </ToolbarMenuItem>
            </>
          )}
        </ToolbarMenu>
        <ToolbarMenu
          label={t('viewer.groups.sync')}
          name={t('viewer.groups.sync')}
          testId="sync-menu"
          pressed={SYNC_KINDS.some((kind) => sync[kind])}
        >
          {() =>
            SYNC_KINDS.map((kind) => (
              <ToolbarMenuItem
                key={kind}
                testId={`sync-${kind}`}
                checked={sync[kind]}
                onSelect={() => update({ sync: { ...sync, [kind]: !sync[kind] } })}
              >
                {t(`viewer.sync.${kind}`)}
              </ToolbarMenuItem>
            ))
          }
        </ToolbarMenu>
      </div>
      <button
        type="button"
        className="help-button"
        data-testid="help"
        aria-label={t('viewer.help.button')}
        title={t('viewer.help.button')}
        onClick={() => act({ kind: 'help' })}
      >
        ?
      </button>
    </div>
  );
}
