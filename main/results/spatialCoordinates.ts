/**
 * Spatial coordinates of an SR content item as a region to draw (PS3.3 C.18.6, C.18.9).
 *
 * SCOORD (C.18.6.1): Graphic Data are column/row pairs of the image its "selected from" IMAGE
 * child references (TID 1410 planar ROI; a Referenced Frame Number picks the frame of a
 * multi-frame image). SCOORD3D (C.18.9.1): Graphic Data are x/y/z triples in patient mm of the
 * Referenced Frame of Reference. Each graphic type has a fixed number of points (C.18.6.1.2):
 * CIRCLE 2 (centre, a point on the edge), ELLIPSE 4 (major then minor axis end points),
 * ELLIPSOID 6 (three axes); anything that does not fit is left out rather than guessed.
 */
import type { ReviewRegion } from '../../preload/contract/index.js';
import { items, numbers, text, type DicomItem } from './dicomDataset.js';

const IMAGE_TYPES = new Set(['POINT', 'MULTIPOINT', 'POLYLINE', 'CIRCLE', 'ELLIPSE'] as const);
const PATIENT_TYPES = new Set([
  'POINT',
  'MULTIPOINT',
  'POLYLINE',
  'POLYGON',
  'ELLIPSE',
  'ELLIPSOID',
] as const);
type ImageType = Extract<ReviewRegion, { space: 'image' }>['graphicType'];
type PatientType = Extract<ReviewRegion, { space: 'patient' }>['graphicType'];

/** Points each graphic type needs (undefined: any number of at least one). */
const POINT_COUNT: Record<string, number | undefined> = {
  POINT: 1,
  CIRCLE: 2,
  ELLIPSE: 4,
  ELLIPSOID: 6,
};

function fits(graphicType: string, pointCount: number): boolean {
  const needed = POINT_COUNT[graphicType];
  return needed === undefined ? pointCount >= 1 : pointCount === needed;
}

export function regionOf(item: DicomItem): ReviewRegion | undefined {
  const valueType = text(item.ValueType);
  const graphicType = text(item.GraphicType);
  const points = numbers(item.GraphicData);
  if (valueType === 'SCOORD') {
    if (
      !IMAGE_TYPES.has(graphicType as ImageType) ||
      points.length % 2 !== 0 ||
      points.length > 2048 ||
      !fits(graphicType, points.length / 2)
    )
      return undefined;
    const image = items(item.ContentSequence)
      .filter((child) => text(child.ValueType) === 'IMAGE')
      .map((child) => items(child.ReferencedSOPSequence)[0])
      .find((reference) => reference !== undefined);
    const sopInstanceUid = text(image?.ReferencedSOPInstanceUID);
    if (sopInstanceUid === '') return undefined;
    const frameNumber = numbers(image?.ReferencedFrameNumber)[0];
    return {
      space: 'image',
      graphicType: graphicType as ImageType,
      points,
      sopInstanceUid,
      ...(frameNumber !== undefined && frameNumber > 0 ? { frameNumber } : {}),
    };
  }
  if (valueType === 'SCOORD3D') {
    if (
      !PATIENT_TYPES.has(graphicType as PatientType) ||
      points.length % 3 !== 0 ||
      points.length > 3072 ||
      !fits(graphicType, points.length / 3)
    )
      return undefined;
    return {
      space: 'patient',
      graphicType: graphicType as PatientType,
      points,
      frameOfReferenceUid: text(item.ReferencedFrameOfReferenceUID),
    };
  }
  return undefined;
}
