/**
 * The lines cornerstone draws beside an elliptical or rectangular ROI, in the reader's language:
 * its own default writes "Area", "Mean", "Std Dev" in English whatever the app's language. Same
 * figures and rounding as cornerstone's (utilities.roundNumber).
 */
import { utilities } from '@cornerstonejs/core';
import i18next from 'i18next';

interface RoiStats {
  area?: number;
  mean?: number;
  max?: number;
  min?: number;
  stdDev?: number;
  isEmptyArea?: boolean;
  areaUnit?: string;
  modalityUnit?: string;
}

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

export function roiTextLines(
  data: { cachedStats?: Record<string, RoiStats> },
  targetId: string,
): string[] {
  const stats = data.cachedStats?.[targetId];
  if (stats === undefined) return [];
  const round = (value: number): string => String(utilities.roundNumber(value));
  const unit = stats.modalityUnit ?? '';
  const lines: string[] = [];
  if (isNumber(stats.area))
    lines.push(
      stats.isEmptyArea === true
        ? i18next.t('roiText.oblique')
        : i18next.t('roiText.area', { value: round(stats.area), unit: stats.areaUnit ?? '' }),
    );
  if (isNumber(stats.mean))
    lines.push(i18next.t('roiText.mean', { value: round(stats.mean), unit }));
  if (isNumber(stats.max)) lines.push(i18next.t('roiText.max', { value: round(stats.max), unit }));
  if (isNumber(stats.min)) lines.push(i18next.t('roiText.min', { value: round(stats.min), unit }));
  if (isNumber(stats.stdDev))
    lines.push(i18next.t('roiText.sd', { value: round(stats.stdDev), unit }));
  return lines;
}
