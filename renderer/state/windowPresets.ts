/**
 * Window presets (centre / width, in Hounsfield units for CT). Values are the common ones in
 * radiology teaching and in most PACS viewers.
 */
export type WindowPresetId = 'default' | 'mrAuto' | 'ctBrain' | 'ctBone' | 'ctLung';

export interface WindowPreset {
  id: WindowPresetId;
  center?: number;
  width?: number;
}

export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'default' },
  { id: 'mrAuto' },
  { id: 'ctBrain', center: 40, width: 80 },
  { id: 'ctBone', center: 400, width: 1800 },
  { id: 'ctLung', center: -600, width: 1500 },
];

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
