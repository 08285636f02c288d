/**
 * What the review screen needs to know about a DICOM SEG before it draws it: its segments
 * (number, label, recommended colour), the series its frames were made from and, for AI
 * results, the algorithm (Contributing Equipment, IHE AIR; else Segment Algorithm Name).
 */
import type { ReviewAlgorithm as AiAlgorithm } from '../../preload/contract/index.js';
import { algorithmOf } from './measurementReport.js';
import { items, numbers, text, type DicomItem } from './dicomDataset.js';

export interface SegmentationSummary {
  sopInstanceUid: string;
  referencedSeriesInstanceUid: string | undefined;
  algorithm: AiAlgorithm | undefined;
  segments: { number: number; label: string; color?: [number, number, number] }[];
}

/** Recommended Display CIELab Value (PS3.3 C.10.7.1.1: L*a*b* scaled to 0..65535) to sRGB 0..255. */
export function cieLabToRgb(scaled: readonly number[]): [number, number, number] {
  const L = (scaled[0]! / 65535) * 100;
  const a = (scaled[1]! / 65535) * 255 - 128;
  const b = (scaled[2]! / 65535) * 255 - 128;
  const fy = (L + 16) / 116;
  const f = (t: number): number => (t ** 3 > 0.008856 ? t ** 3 : (t - 16 / 116) / 7.787);
  // D65 white point.
  const [x, y, z] = [0.95047 * f(fy + a / 500), 1.0 * f(fy), 1.08883 * f(fy - b / 200)];
  const linear = [
    3.2406 * x - 1.5372 * y - 0.4986 * z,
    -0.9689 * x + 1.8758 * y + 0.0415 * z,
    0.0557 * x - 0.204 * y + 1.057 * z,
  ];
  const gamma = (c: number): number =>
    Math.round(
      255 * Math.min(1, Math.max(0, c > 0.0031308 ? 1.055 * c ** (1 / 2.4) - 0.055 : 12.92 * c)),
    );
  return [gamma(linear[0]!), gamma(linear[1]!), gamma(linear[2]!)];
}

export function summariseSegmentation(dataset: DicomItem): SegmentationSummary {
  const segments = items(dataset.SegmentSequence).map((segment) => {
    const lab = numbers(segment.RecommendedDisplayCIELabValue);
    return {
      number: numbers(segment.SegmentNumber)[0] ?? 0,
      label:
        text(segment.SegmentLabel) ||
        text(items(segment.SegmentedPropertyTypeCodeSequence)[0]?.CodeMeaning),
      ...(lab.length === 3 ? { color: cieLabToRgb(lab) } : {}),
    };
  });
  const automatic = items(dataset.SegmentSequence).find(
    (segment) => text(segment.SegmentAlgorithmType) === 'AUTOMATIC',
  );
  const algorithm =
    algorithmOf(dataset) ??
    (automatic === undefined
      ? undefined
      : {
          manufacturer: text(dataset.Manufacturer),
          name: text(automatic.SegmentAlgorithmName),
          version: text(dataset.SoftwareVersions),
        });
  return {
    sopInstanceUid: text(dataset.SOPInstanceUID),
    referencedSeriesInstanceUid:
      text(items(dataset.ReferencedSeriesSequence)[0]?.SeriesInstanceUID) || undefined,
    algorithm,
    segments,
  };
}
