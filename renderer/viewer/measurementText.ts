/**
 * Turns a cornerstone annotation into the line a radiologist reads in the measurement list:
 * length in mm, angle in degrees, ROI mean / SD / area (mean in HU for CT, as cornerstone's
 * modality unit says), probe value. The probe also gives the value stored in the file (the
 * modality LUT undone: stored = (value - intercept) / slope, PS3.3 C.11.1.1.2), the pixel it
 * reads (column, row, slice from 1) and where that is in the patient (mm). Pure, so it is
 * unit-tested.
 */
export interface MeasurementLine {
  uid: string;
  tool: MeasurementToolName;
  /** Numbers with their units, in display order. */
  values: { name: MeasurementValueName; value: string; unit: string }[];
}

export type MeasurementValueName =
  | 'length'
  | 'angle'
  | 'mean'
  | 'sd'
  | 'area'
  | 'value'
  | 'text'
  | 'stored'
  | 'pixel'
  | 'patient';

/** Rescale Slope and Intercept of the image a probe reads (the modality LUT of its file). */
export interface Rescale {
  slope: number;
  intercept: number;
}

interface StatsLike {
  length?: number;
  unit?: string;
  angle?: number;
  mean?: number;
  stdDev?: number;
  area?: number;
  areaUnit?: string;
  modalityUnit?: string;
  value?: number | number[];
  /** Probe: the voxel read, (column, row, slice) from 0. */
  index?: number[] | null;
}

export interface AnnotationLike {
  annotationUID?: string;
  metadata: { toolName: string; referencedImageId?: string };
  data: {
    cachedStats?: Record<string, StatsLike>;
    text?: string;
    label?: string;
    handles?: { points?: number[][] };
  };
}

export const MEASUREMENT_TOOL_NAMES = [
  'Length',
  'Angle',
  'EllipticalROI',
  'RectangleROI',
  'Probe',
  'ArrowAnnotate',
] as const;
export type MeasurementToolName = (typeof MEASUREMENT_TOOL_NAMES)[number];

function isMeasurementTool(name: string): name is MeasurementToolName {
  return (MEASUREMENT_TOOL_NAMES as readonly string[]).includes(name);
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function probeValues(
  annotation: AnnotationLike,
  stats: StatsLike,
  rescale: Rescale | undefined,
): MeasurementLine['values'] {
  const values: MeasurementLine['values'] = [];
  const value = Array.isArray(stats.value) ? stats.value[0] : stats.value;
  if (value !== undefined && value !== null) {
    values.push({ name: 'value', value: fixed(value, 1), unit: stats.modalityUnit ?? '' });
    if (rescale !== undefined && rescale.slope !== 0)
      values.push({
        name: 'stored',
        value: fixed((value - rescale.intercept) / rescale.slope, 0),
        unit: '',
      });
  }
  const index = stats.index;
  if (index != null && index.length >= 2)
    values.push({
      name: 'pixel',
      value: index
        .slice(0, 3)
        .map((at, axis) => String(axis === 2 ? at + 1 : at))
        .join(', '),
      unit: '',
    });
  const point = annotation.data.handles?.points?.[0];
  if (point !== undefined && point.length === 3)
    values.push({ name: 'patient', value: point.map((at) => fixed(at, 1)).join(', '), unit: 'mm' });
  return values;
}

export function measurementLine(
  annotation: AnnotationLike,
  rescale?: Rescale,
): MeasurementLine | undefined {
  const tool = annotation.metadata.toolName;
  if (!isMeasurementTool(tool) || annotation.annotationUID === undefined) return undefined;
  const stats = Object.values(annotation.data.cachedStats ?? {})[0] ?? {};
  const values: MeasurementLine['values'] = [];
  if (tool === 'Length' && stats.length !== undefined)
    values.push({ name: 'length', value: fixed(stats.length, 1), unit: stats.unit ?? 'mm' });
  if (tool === 'Angle' && stats.angle !== undefined)
    values.push({ name: 'angle', value: fixed(stats.angle, 1), unit: '°' });
  if (tool === 'EllipticalROI' || tool === 'RectangleROI') {
    if (stats.mean !== undefined)
      values.push({ name: 'mean', value: fixed(stats.mean, 1), unit: stats.modalityUnit ?? '' });
    if (stats.stdDev !== undefined)
      values.push({ name: 'sd', value: fixed(stats.stdDev, 1), unit: stats.modalityUnit ?? '' });
    if (stats.area !== undefined)
      values.push({ name: 'area', value: fixed(stats.area, 1), unit: stats.areaUnit ?? 'mm²' });
  }
  if (tool === 'Probe') values.push(...probeValues(annotation, stats, rescale));
  if (tool === 'ArrowAnnotate')
    values.push({
      name: 'text',
      value: annotation.data.text ?? annotation.data.label ?? '',
      unit: '',
    });
  return { uid: annotation.annotationUID, tool, values };
}
