/**
 * Turns a cornerstone annotation into the line a radiologist reads in the measurement list:
 * length in mm, angle in degrees, ROI mean / SD / area (mean in HU for CT, as cornerstone's
 * modality unit says), probe value. Pure, so it is unit-tested.
 */
export interface MeasurementLine {
  uid: string;
  tool: MeasurementToolName;
  /** Numbers with their units, in display order. */
  values: { name: 'length' | 'angle' | 'mean' | 'sd' | 'area' | 'value' | 'text'; value: string; unit: string }[];
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
}

export interface AnnotationLike {
  annotationUID?: string;
  metadata: { toolName: string };
  data: { cachedStats?: Record<string, StatsLike>; text?: string; label?: string };
}

export const MEASUREMENT_TOOL_NAMES = ['Length', 'Angle', 'EllipticalROI', 'RectangleROI', 'Probe', 'ArrowAnnotate'] as const;
export type MeasurementToolName = (typeof MEASUREMENT_TOOL_NAMES)[number];

function isMeasurementTool(name: string): name is MeasurementToolName {
  return (MEASUREMENT_TOOL_NAMES as readonly string[]).includes(name);
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

export function measurementLine(annotation: AnnotationLike): MeasurementLine | undefined {
  const tool = annotation.metadata.toolName;
  if (!isMeasurementTool(tool) || annotation.annotationUID === undefined) return undefined;
  const stats = Object.values(annotation.data.cachedStats ?? {})[0] ?? {};
  const values: MeasurementLine['values'] = [];
  if (tool === 'Length' && stats.length !== undefined) values.push({ name: 'length', value: fixed(stats.length, 1), unit: stats.unit ?? 'mm' });
  if (tool === 'Angle' && stats.angle !== undefined) values.push({ name: 'angle', value: fixed(stats.angle, 1), unit: '°' });
  if (tool === 'EllipticalROI' || tool === 'RectangleROI') {
    if (stats.mean !== undefined) values.push({ name: 'mean', value: fixed(stats.mean, 1), unit: stats.modalityUnit ?? '' });
    if (stats.stdDev !== undefined) values.push({ name: 'sd', value: fixed(stats.stdDev, 1), unit: stats.modalityUnit ?? '' });
    if (stats.area !== undefined) values.push({ name: 'area', value: fixed(stats.area, 1), unit: stats.areaUnit ?? 'mm²' });
  }
  if (tool === 'Probe' && stats.value !== undefined) {
    const value = Array.isArray(stats.value) ? stats.value[0] : stats.value;
    if (value !== undefined) values.push({ name: 'value', value: fixed(value, 1), unit: stats.modalityUnit ?? '' });
  }
  if (tool === 'ArrowAnnotate') values.push({ name: 'text', value: annotation.data.text ?? annotation.data.label ?? '', unit: '' });
  return { uid: annotation.annotationUID, tool, values };
}
