/**
 * cornerstone metadata for a series from the headers main already read (`library.seriesMetadata`),
 * so a volume can be laid out before any slice is fetched. cornerstone's own wadouri path answers
 * metadata only for files it has downloaded, and a volume needs every slice's position first.
 * The loader's provider still answers first while it holds a file; this one fills in for the rest.
 */
import { Enums, metaData } from '@cornerstonejs/core';
import type { SeriesDetail, SeriesMetadata, SliceMetadata } from '../../preload/contract/index.js';
import { imageIdsForSeries } from './imageIds.js';

interface Entry {
  series: SeriesMetadata;
  slice: SliceMetadata;
}

const entries = new Map<string, Entry>();
const requested = new Map<string, Promise<boolean>>();

/** The module shapes of dicom-image-loader's provider, for the modules a volume reads. */
function moduleOf(type: string, { series, slice }: Entry): unknown {
  const { MetadataModules } = Enums;
  switch (type) {
    case MetadataModules.IMAGE_PLANE: {
      const orientation = slice.imageOrientationPatient;
      const spacing = slice.pixelSpacing;
      return {
        frameOfReferenceUID: slice.frameOfReferenceUid,
        rows: slice.rows,
        columns: slice.columns,
        imageOrientationPatient: orientation,
        rowCosines: orientation === null ? null : orientation.slice(0, 3),
        columnCosines: orientation === null ? null : orientation.slice(3, 6),
        imagePositionPatient: slice.imagePositionPatient,
        sliceThickness: slice.sliceThickness ?? undefined,
        pixelSpacing: spacing,
        rowPixelSpacing: spacing?.[0] ?? 1,
        columnPixelSpacing: spacing?.[1] ?? 1,
        usingDefaultValues: spacing === null,
      };
    }
    case MetadataModules.IMAGE_PIXEL:
      return {
        samplesPerPixel: slice.samplesPerPixel,
        photometricInterpretation: slice.photometricInterpretation,
        rows: slice.rows,
        columns: slice.columns,
        bitsAllocated: slice.bitsAllocated,
        bitsStored: slice.bitsStored,
        highBit: slice.highBit,
        pixelRepresentation: slice.pixelRepresentation,
      };
    case MetadataModules.GENERAL_SERIES:
      return {
        modality: series.modality,
        seriesInstanceUID: series.seriesInstanceUid,
        seriesNumber: series.seriesNumber ?? undefined,
        studyInstanceUID: series.studyInstanceUid,
      };
    case MetadataModules.GENERAL_IMAGE:
      return {
        sopInstanceUID: slice.sopInstanceUid,
        instanceNumber: slice.instanceNumber ?? undefined,
      };
    case MetadataModules.SOP_COMMON:
      return { sopClassUID: slice.sopClassUid, sopInstanceUID: slice.sopInstanceUid };
    case MetadataModules.MODALITY_LUT:
      return {
        rescaleIntercept: slice.rescaleIntercept ?? undefined,
        rescaleSlope: slice.rescaleSlope ?? undefined,
        rescaleType: slice.rescaleType || undefined,
      };
    case MetadataModules.VOI_LUT:
      return {
        windowCenter: slice.windowCenter.length === 0 ? undefined : slice.windowCenter,
        windowWidth: slice.windowWidth.length === 0 ? undefined : slice.windowWidth,
      };
    case 'transferSyntax':
      return { transferSyntaxUID: slice.transferSyntaxUid };
    default:
      return undefined;
  }
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  // Lowest priority: whatever reads the whole file (the loader's provider) answers first.
  metaData.addProvider((type: string, imageId: string) => {
    const entry = typeof imageId === 'string' ? entries.get(imageId) : undefined;
    return entry === undefined ? undefined : moduleOf(type, entry);
  }, -2000);
}

/**
 * Asks main for the series' headers once and teaches cornerstone about every slice. False when
 * main has none to give (multi-frame instances, a file it cannot read): the caller then lets
 * cornerstone fetch what it needs itself.
 */
export function learnSeriesMetadata(series: SeriesDetail): Promise<boolean> {
  install();
  let promise = requested.get(series.id);
  if (promise === undefined) {
    promise = window.mitate
      .invoke('library.seriesMetadata', { seriesId: series.id })
      .then((result) => {
        if (!result.ok) return false;
        const metadata = result.value;
        const imageIds = imageIdsForSeries(series);
        if (metadata === null || metadata.slices.length !== imageIds.length) return false;
        // Without a position and orientation for every slice there is no volume to lay out.
        if (
          metadata.slices.some(
            (slice) =>
              slice.imagePositionPatient === null || slice.imageOrientationPatient === null,
          )
        )
          return false;
        imageIds.forEach((imageId, index) =>
          entries.set(imageId, { series: metadata, slice: metadata.slices[index]! }),
        );
        return true;
      })
      .catch(() => false);
    requested.set(series.id, promise);
    // A failure may be passing (a locked screen): ask again next time.
    void promise.then((known) => {
      if (!known) requested.delete(series.id);
    });
  }
  return promise;
}

/** The slice's header as main read it, when known. */
export function sliceMetadataOf(imageId: string): SliceMetadata | undefined {
  return entries.get(imageId)?.slice;
}

/** Whether every slice of these images is known from main. */
export function knowsAll(imageIds: readonly string[]): boolean {
  return imageIds.every((imageId) => entries.has(imageId));
}

/** Forgets everything learnt (every study closed). */
export function forgetSeriesMetadata(): void {
  entries.clear();
  requested.clear();
}
