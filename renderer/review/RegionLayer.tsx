/**
 * The SR's image regions (SCOORD / SCOORD3D, e.g. highdicom's planar ROI circles) drawn over the
 * annotated viewport: each finding's outline in its colour (its segment's, else the palette's),
 * thicker when the finding is selected. Redrawn whenever cornerstone renders the viewport, so the
 * outline follows slice, zoom and pan.
 *
 * The layer also reports what the viewport shows (the image's on-screen rectangle and position)
 * on its element, so tests can map image pixels to the screen.
 */
import {
  Enums,
  eventTarget,
  getRenderingEngine,
  metaData,
  utilities,
  type Types,
} from '@cornerstonejs/core';
import { useEffect, useState } from 'react';
import type { ReviewFinding, SeriesDetail } from '../../preload/contract/index.js';
import { findingKey, PALETTE, useReviewStore } from '../state/reviewStore.js';
import { RENDERING_ENGINE_ID } from '../viewer/cornerstone.js';
import { learnSeriesMetadata } from '../viewer/seriesMetadata.js';
import { ANNOTATED_VIEWPORT_ID } from './compareController.js';
import { imageShowing, regionShapes, type ShownImage, type Vec3 } from './regionShapes.js';
import './regions.css';

interface DrawnRegion {
  key: string;
  findingIndex: number;
  d: string;
}
interface Drawing {
  regions: DrawnRegion[];
  imageRect: string;
  imagePosition: string;
}
const EMPTY: Drawing = { regions: [], imageRect: '', imagePosition: '' };
/** Half the arm of a point marker's cross, in CSS pixels. */
const MARK = 5;

interface PlaneModule {
  imagePositionPatient?: number[];
  rowCosines?: number[];
  columnCosines?: number[];
  frameOfReferenceUID?: string;
  sliceThickness?: number;
}

function describeImage(imageId: string): ShownImage | undefined {
  const plane = metaData.get('imagePlaneModule', imageId) as PlaneModule | undefined;
  const sop = (
    metaData.get('generalImageModule', imageId) as { sopInstanceUID?: string } | undefined
  )?.sopInstanceUID;
  const { imagePositionPatient: origin, rowCosines, columnCosines } = plane ?? {};
  if (origin?.length !== 3 || rowCosines?.length !== 3 || columnCosines?.length !== 3)
    return undefined;
  return {
    sopInstanceUid: sop ?? '',
    frameNumber: Number(/[?&]frame=(\d+)/.exec(imageId)?.[1] ?? 1),
    frameOfReferenceUid: plane?.frameOfReferenceUID ?? '',
    origin: origin as Vec3,
    rowCosines: rowCosines as Vec3,
    columnCosines: columnCosines as Vec3,
    tolerance: Math.max(plane?.sliceThickness ?? 1, 1) / 2,
    // cornerstone's image coordinates put (0,0) at the top left pixel's outer corner, as SCOORD does (C.18.6.1.1).
    imageToPatient: (column, row) => utilities.imageToWorldCoords(imageId, [column, row]) as Vec3,
  };
}

function annotatedViewport(): Types.IStackViewport | undefined {
  return getRenderingEngine(RENDERING_ENGINE_ID)?.getViewport(ANNOTATED_VIEWPORT_ID) as
    | Types.IStackViewport
    | undefined;
}

function shownImage(
  viewport: Types.IStackViewport,
): { image: ShownImage; columns: number; rows: number } | undefined {
  const imageId = viewport.getCurrentImageId();
  const picture = viewport.getCornerstoneImage();
  const image = imageId === undefined ? undefined : describeImage(imageId);
  return image === undefined || picture === undefined
    ? undefined
    : { image, columns: picture.columns, rows: picture.rows };
}

/**
 * A finding with regions but no centre (the workspace moves to centres): show the image its first
 * region is on. False while that image cannot be told yet: cornerstone describes a slice only once
 * its file or main's headers for the series have arrived.
 */
function showRegionOf(finding: ReviewFinding): boolean {
  const region = finding.regions?.[0];
  const viewport = annotatedViewport();
  if (finding.centre !== undefined || region === undefined || viewport === undefined) return true;
  const index = imageShowing(region, viewport.getImageIds().map(describeImage));
  if (index === undefined) return false;
  // The compare layout's slice synchronizer takes the original viewport along.
  if (index !== viewport.getCurrentImageIdIndex()) void viewport.setImageIdIndex(index);
  return true;
}

function draw(findings: readonly ReviewFinding[]): Drawing {
  const viewport = annotatedViewport();
  const shown = viewport === undefined ? undefined : shownImage(viewport);
  if (viewport === undefined || shown === undefined) return EMPTY;
  const canvas = (point: Vec3): string => {
    const [x, y] = viewport.worldToCanvas(point);
    return `${x.toFixed(1)} ${y.toFixed(1)}`;
  };
  const regions: DrawnRegion[] = [];
  for (const [findingIndex, finding] of findings.entries()) {
    for (const region of finding.regions ?? []) {
      const d = regionShapes(region, shown.image)
        .map((shape) => {
          if (shape.kind === 'path')
            return `M${shape.points.map(canvas).join('L')}${shape.closed ? 'Z' : ''}`;
          const [x, y] = viewport.worldToCanvas(shape.point);
          return `M${x - MARK} ${y}h${2 * MARK}M${x} ${y - MARK}v${2 * MARK}`;
        })
        .join('');
      if (d !== '') regions.push({ key: findingKey(finding), findingIndex, d });
    }
  }
  const [x0, y0] = viewport.worldToCanvas(shown.image.imageToPatient(0, 0));
  const [x1, y1] = viewport.worldToCanvas(shown.image.imageToPatient(shown.columns, shown.rows));
  return {
    regions,
    imageRect: [x0, y0, x1 - x0, y1 - y0].map((value) => value.toFixed(2)).join(','),
    imagePosition: shown.image.origin.map((value) => value.toFixed(3)).join(','),
  };
}

export function RegionLayer({
  findings,
  series,
  viewportRef,
}: {
  findings: readonly ReviewFinding[];
  /** The source series shown, whose headers main can give before cornerstone loads its files. */
  series: SeriesDetail | undefined;
  viewportRef: React.RefObject<HTMLDivElement | null>;
}): React.JSX.Element {
  const selected = useReviewStore((state) => state.selected);
  const segments = useReviewStore((state) => state.segments);
  const [drawing, setDrawing] = useState<Drawing>(EMPTY);

  useEffect(() => {
    // The viewport element is rendered in the same commit, so its ref is set when effects run.
    const viewportElement = viewportRef.current;
    if (viewportElement === null) return;
    let last = '';
    const redraw = (): void => {
      const next = draw(findings);
      const signature = JSON.stringify(next);
      if (signature === last) return;
      last = signature;
      setDrawing(next);
    };
    viewportElement.addEventListener(Enums.Events.IMAGE_RENDERED, redraw);
    redraw();
    return () => viewportElement.removeEventListener(Enums.Events.IMAGE_RENDERED, redraw);
  }, [findings, viewportRef]);

  useEffect(() => {
    const finding = findings.find((candidate) => findingKey(candidate) === selected);
    if (finding === undefined || showRegionOf(finding)) return;
    // The region's image is not described yet (a selection made before the slices around the
    // shown one have loaded): try again when main's headers for the series arrive and as each
    // slice loads, until it is shown or the selection changes.
    let live = true;
    const stop = (): void => eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, retry);
    const retry = (): void => {
      if (live && showRegionOf(finding)) stop();
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, retry);
    if (series !== undefined) void learnSeriesMetadata(series).then(retry);
    return () => {
      live = false;
      stop();
    };
  }, [findings, selected, series]);

  const colourOf = (finding: ReviewFinding | undefined, index: number): string => {
    const segment =
      finding?.segment === undefined ? undefined : segments[finding.segment.segmentNumber];
    const [r, g, b] = segment?.color ?? PALETTE[index % PALETTE.length]!;
    return `rgb(${r},${g},${b})`;
  };
  return (
    <svg
      className="finding-regions"
      aria-hidden="true"
      data-testid="review-regions"
      data-regions={drawing.regions.length}
      data-image-rect={drawing.imageRect}
      data-image-position={drawing.imagePosition}
    >
      {drawing.regions.map(({ key, findingIndex, d }, at) => {
        const isSelected = key === selected;
        return (
          <path
            key={`${key}-${at}`}
            className={isSelected ? 'selected' : undefined}
            data-testid="finding-region"
            data-finding={findingIndex}
            data-selected={isSelected}
            d={d}
            stroke={colourOf(findings[findingIndex], findingIndex)}
            strokeWidth={isSelected ? 3 : 1.5}
            fill="none"
          />
        );
      })}
    </svg>
  );
}
