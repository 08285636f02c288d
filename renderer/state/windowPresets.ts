/**
 * Window presets (centre / width, in Hounsfield units for CT). Values are the common ones in
 * radiology teaching and in most PACS viewers; the nine CT presets sit on the number keys 1-9
 * in this order, and 0 goes back to the file's own window. The reader's own presets (saved in
 * the settings) follow them in the menu.
 */
import type { UserWindowPreset } from '../../preload/contract/index.js';

export const CT_PRESET_IDS = [
  'ctBrain',
  'ctSubdural',
  'ctStroke',
  'ctSoftTissue',
  'ctMediastinum',
  'ctLung',
  'ctBone',
  'ctAbdomen',
  'ctLiver',
] as const;
export type CtPresetId = (typeof CT_PRESET_IDS)[number];
export type BuiltInPresetId = 'default' | 'mrAuto' | CtPresetId;
/** A built-in preset, or the reader's own one by its name. */
export type WindowPresetId = BuiltInPresetId | `user:${string}`;

export interface WindowPreset {
  id: WindowPresetId;
  center?: number;
  width?: number;
}

const CT_WINDOWS: Readonly<Record<CtPresetId, { center: number; width: number }>> = {
  ctBrain: { center: 40, width: 80 },
  ctSubdural: { center: 75, width: 215 },
  ctStroke: { center: 40, width: 40 },
  ctSoftTissue: { center: 50, width: 400 },
  ctMediastinum: { center: 50, width: 350 },
  ctLung: { center: -600, width: 1500 },
  ctBone: { center: 400, width: 1800 },
  ctAbdomen: { center: 40, width: 350 },
  ctLiver: { center: 60, width: 160 },
};

export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'default' },
  { id: 'mrAuto' },
  ...CT_PRESET_IDS.map((id) => ({ id, ...CT_WINDOWS[id] })),
];

export const userPresetId = (name: string): WindowPresetId => `user:${name}`;

/** The preset an id names, the reader's own included; undefined when it is gone. */
export function resolvePreset(
  id: WindowPresetId,
  user: readonly UserWindowPreset[],
): WindowPreset | undefined {
  if (id.startsWith('user:')) {
    const own = user.find((preset) => userPresetId(preset.name) === id);
    return own === undefined ? undefined : { id, center: own.center, width: own.width };
  }
  return WINDOW_PRESETS.find((candidate) => candidate.id === id);
}

/** Presets that make sense for a modality; "default" (the file's own window) is always there. */
export function presetsFor(modality: string): readonly WindowPreset[] {
  if (modality === 'CT') return WINDOW_PRESETS.filter((preset) => preset.id !== 'mrAuto');
  return WINDOW_PRESETS.filter((preset) => preset.id === 'default' || preset.id === 'mrAuto');
}

/**
 * MR auto window: from the 1st to the 99th percentile of the slice's stored values, so that a
 * few very bright voxels (fat, flow) do not flatten the brain into grey.
 */
export function autoWindow(pixels: ArrayLike<number>): { center: number; width: number } {
  const step = Math.max(1, Math.floor(pixels.length / 65536));
  const sample: number[] = [];
  for (let i = 0; i < pixels.length; i += step) sample.push(pixels[i] ?? 0);
  sample.sort((a, b) => a - b);
  const low = sample[Math.floor(sample.length * 0.01)] ?? 0;
  const high = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))] ?? 1;
  const width = Math.max(1, high - low);
  return { center: low + width / 2, width };
}
