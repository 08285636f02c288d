/**
 * Keyboard shortcuts of the viewer: one table, used both to act on a key and to list the keys in
 * the help overlay, so the two can never disagree. Keys are KeyboardEvent.key values; the
 * Shift+digit layouts are matched by KeyboardEvent.code, since the character Shift+1 types
 * depends on the keyboard (US "!", JIS "!", but Shift+2 is "@" on one and '"' on the other).
 * The digits alone are the CT window presets, as in most PACS viewers.
 */
import type { ja } from '../i18n/ja.js';
import type { PrimaryTool } from '../state/viewerStore.js';
import type { LayoutId } from '../state/layouts.js';

export type ShortcutAction =
  | { kind: 'scroll'; by: number }
  | { kind: 'jump'; to: 'first' | 'last' }
  | { kind: 'tool'; tool: PrimaryTool }
  | { kind: 'layout'; layout: LayoutId }
  /** The index-th CT preset (windowPresets.ts, keys 1-9). */
  | { kind: 'preset'; index: number }
  | {
      kind:
        | 'reset'
        | 'overlay'
        | 'dicomOverlays'
        | 'invert'
        | 'flipH'
        | 'flipV'
        | 'rotateCW'
        | 'rotateCCW'
        | 'cine'
        | 'mpr'
        | 'mip'
        | 'stack'
        | 'help'
        | 'delete'
        | 'nextCell'
        | 'spinLeft'
        | 'spinRight'
        | 'scaleBar'
        | 'windowDefault';
    };

export interface Shortcut {
  /** Shown in the help overlay. */
  label: string;
  keys: readonly string[];
  /** KeyboardEvent.code values matched with Shift held (layouts), instead of `keys`. */
  shiftCodes?: readonly string[];
  action: ShortcutAction;
  /** i18n key of what it does (under viewer.shortcuts). */
  does: keyof (typeof ja)['viewer']['shortcuts'];
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    label: '↑ / ←',
    keys: ['ArrowUp', 'ArrowLeft'],
    action: { kind: 'scroll', by: -1 },
    does: 'previous',
  },
  {
    label: '↓ / →',
    keys: ['ArrowDown', 'ArrowRight'],
    action: { kind: 'scroll', by: 1 },
    does: 'next',
  },
  { label: 'PgUp', keys: ['PageUp'], action: { kind: 'scroll', by: -10 }, does: 'back10' },
  { label: 'PgDn', keys: ['PageDown'], action: { kind: 'scroll', by: 10 }, does: 'forward10' },
  { label: 'Home', keys: ['Home'], action: { kind: 'jump', to: 'first' }, does: 'first' },
  { label: 'End', keys: ['End'], action: { kind: 'jump', to: 'last' }, does: 'last' },
  {
    label: 'W',
    keys: ['w', 'W'],
    action: { kind: 'tool', tool: 'windowLevel' },
    does: 'windowLevel',
  },
  { label: 'P', keys: ['p', 'P'], action: { kind: 'tool', tool: 'pan' }, does: 'pan' },
  { label: 'Z', keys: ['z', 'Z'], action: { kind: 'tool', tool: 'zoom' }, does: 'zoom' },
  { label: 'L', keys: ['l', 'L'], action: { kind: 'tool', tool: 'length' }, does: 'length' },
  { label: 'A', keys: ['a', 'A'], action: { kind: 'tool', tool: 'angle' }, does: 'angle' },
  { label: 'E', keys: ['e', 'E'], action: { kind: 'tool', tool: 'ellipse' }, does: 'ellipse' },
  { label: 'Q', keys: ['q', 'Q'], action: { kind: 'tool', tool: 'rectangle' }, does: 'rectangle' },
  { label: 'D', keys: ['d', 'D'], action: { kind: 'tool', tool: 'probe' }, does: 'probe' },
  { label: 'T', keys: ['t', 'T'], action: { kind: 'tool', tool: 'arrow' }, does: 'arrow' },
  {
    label: 'X',
    keys: ['x', 'X'],
    action: { kind: 'tool', tool: 'crosshairs' },
    does: 'crosshairs',
  },
  { label: 'O', keys: ['o', 'O'], action: { kind: 'tool', tool: 'rotate' }, does: 'rotateTool' },
  { label: 'Delete', keys: ['Delete', 'Backspace'], action: { kind: 'delete' }, does: 'delete' },
  { label: 'R', keys: ['r', 'R'], action: { kind: 'reset' }, does: 'reset' },
  { label: 'I', keys: ['i', 'I'], action: { kind: 'overlay' }, does: 'overlay' },
  { label: 'G', keys: ['g', 'G'], action: { kind: 'dicomOverlays' }, does: 'dicomOverlays' },
  { label: 'V', keys: ['v', 'V'], action: { kind: 'invert' }, does: 'invert' },
  { label: 'H', keys: ['h', 'H'], action: { kind: 'flipH' }, does: 'flipH' },
  { label: 'J', keys: ['j', 'J'], action: { kind: 'flipV' }, does: 'flipV' },
  { label: ']', keys: [']'], action: { kind: 'rotateCW' }, does: 'rotateCW' },
  { label: '[', keys: ['['], action: { kind: 'rotateCCW' }, does: 'rotateCCW' },
  { label: ',', keys: [','], action: { kind: 'spinLeft' }, does: 'spinLeft' },
  { label: '.', keys: ['.'], action: { kind: 'spinRight' }, does: 'spinRight' },
  { label: 'C', keys: ['c', 'C'], action: { kind: 'cine' }, does: 'cine' },
  { label: 'B', keys: ['b', 'B'], action: { kind: 'scaleBar' }, does: 'scaleBar' },
  { label: 'S', keys: ['s', 'S'], action: { kind: 'stack' }, does: 'stack' },
  { label: 'M', keys: ['m', 'M'], action: { kind: 'mpr' }, does: 'mpr' },
  { label: 'N', keys: ['n', 'N'], action: { kind: 'mip' }, does: 'mip' },
  {
    label: '1–9',
    keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    action: { kind: 'preset', index: 0 },
    does: 'windowPresets',
  },
  { label: '0', keys: ['0'], action: { kind: 'windowDefault' }, does: 'windowDefault' },
  ...(['1x1', '1x2', '1x3', '2x2'] as const).map(
    (layout, index): Shortcut => ({
      label: `Shift+${index + 1}`,
      keys: [],
      shiftCodes: [`Digit${index + 1}`, `Numpad${index + 1}`],
      action: { kind: 'layout', layout },
      does: `layout${layout}`,
    }),
  ),
  { label: 'Tab', keys: ['Tab'], action: { kind: 'nextCell' }, does: 'nextCell' },
  { label: '?', keys: ['?', 'F1'], action: { kind: 'help' }, does: 'help' },
];

export function shortcutFor(event: {
  key: string;
  code?: string;
  shiftKey?: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): ShortcutAction | undefined {
  // Ctrl/Cmd/Alt combinations belong to the system and the browser (copy, zoom, close).
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const shifted =
    event.shiftKey === true && event.code !== undefined
      ? SHORTCUTS.find((shortcut) => shortcut.shiftCodes?.includes(event.code!))
      : undefined;
  if (shifted !== undefined) return shifted.action;
  const shortcut = SHORTCUTS.find((candidate) => candidate.keys.includes(event.key));
  if (shortcut?.action.kind === 'preset')
    return { kind: 'preset', index: shortcut.keys.indexOf(event.key) };
  return shortcut?.action;
}

/** The key shown for an action in menus and tooltips, from the same table. */
export function shortcutLabel(does: Shortcut['does']): string | undefined {
  return SHORTCUTS.find((shortcut) => shortcut.does === does)?.label;
}
