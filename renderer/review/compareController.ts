/**
 * The compare layout's two stack viewports: the original series on the left, the same series
 * with the AI segmentation as a labelmap overlay on the right. Slice, zoom/pan and window/level
 * are linked (cornerstone synchronizers), so both always show the same place the same way.
 * The SEG is unpacked in main (main/review/segmentationLabelmap.ts) and drawn by cornerstone's
 * labelmap representation (fill and outline).
 */
import {
  Enums,
  getRenderingEngine,
  imageLoader,
  metaData,
  type RenderingEngine,
  type Types,
} from '@cornerstonejs/core';
import {
  Enums as ToolEnums,
  PanTool,
  segmentation,
  StackScrollTool,
  SynchronizerManager,
  synchronizers,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { ReviewLabelmap } from '../../preload/contract/index.js';
import { cornerstoneReady, RENDERING_ENGINE_ID } from '../viewer/cornerstone.js';

export const ORIGINAL_VIEWPORT_ID = 'review-original';
export const ANNOTATED_VIEWPORT_ID = 'review-annotated';
const TOOL_GROUP_ID = 'review';
const SYNC_PREFIX = 'mitate-review-sync';
const SEGMENTATION_ID = 'review-seg';

export interface OverlayStyle {
  fill: boolean;
  outline: boolean;
  opacity: number;
  segments: Record<number, { visible: boolean; color: [number, number, number] }>;
  highlighted: number | undefined;
}

function toolGroup(): ReturnType<typeof ToolGroupManager.getToolGroup> {
  let group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID);
  if (group !== undefined) return group;
  group = ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
  if (group === undefined) return undefined;
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool])
    group.addTool(tool.toolName);
  const { Primary, Auxiliary, Secondary, Wheel } = ToolEnums.MouseBindings;
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: Wheel }] });
  return group;
}

export class CompareController {
  private engine: RenderingEngine | undefined;
  private imageIds: string[] = [];
  private segmentationLoaded = false;

  async attach(original: HTMLDivElement, annotated: HTMLDivElement): Promise<void> {
    this.engine = await cornerstoneReady();
    for (const [viewportId, element] of [
      [ORIGINAL_VIEWPORT_ID, original],
      [ANNOTATED_VIEWPORT_ID, annotated],
    ] as const) {
      this.engine.enableElement({
        viewportId,
        type: Enums.ViewportType.STACK,
        element,
        defaultOptions: { background: [0, 0, 0] },
      });
      toolGroup()?.addViewport(viewportId, this.engine.id);
    }
  }

  /** The panes changed size (window, a panel, the header): cornerstone's canvases follow, the camera kept. */
  resize(): void {
    this.engine?.resize(true, true);
  }

  private static unlink(): void {
    for (const synchronizer of SynchronizerManager.getAllSynchronizers()) {
      if (synchronizer.id.startsWith(SYNC_PREFIX))
        SynchronizerManager.destroySynchronizer(synchronizer.id);
    }
  }

  detach(): void {
    CompareController.unlink();
    if (this.segmentationLoaded) {
      segmentation.removeAllSegmentationRepresentations();
      segmentation.removeSegmentation(SEGMENTATION_ID);
      this.segmentationLoaded = false;
    }
    const engine = getRenderingEngine(RENDERING_ENGINE_ID);
    for (const viewportId of [ORIGINAL_VIEWPORT_ID, ANNOTATED_VIEWPORT_ID]) {
      toolGroup()?.removeViewports(RENDERING_ENGINE_ID, viewportId);
      if (engine?.getViewport(viewportId) !== undefined) engine.disableElement(viewportId);
    }
  }

  private stack(viewportId: string): Types.IStackViewport | undefined {
    return this.engine?.getViewport(viewportId) as Types.IStackViewport | undefined;
  }

  /** Shows the series in both viewports, middle slice first, and links them. */
  async show(imageIds: string[]): Promise<void> {
    this.imageIds = imageIds;
    const middle = Math.floor(imageIds.length / 2);
    await Promise.all(
      [ORIGINAL_VIEWPORT_ID, ANNOTATED_VIEWPORT_ID].map((id) =>
        this.stack(id)?.setStack(imageIds, middle),
      ),
    );
    // A screen opened again before the last one let go must not find the links still there.
    CompareController.unlink();
    const members = [ORIGINAL_VIEWPORT_ID, ANNOTATED_VIEWPORT_ID].map((viewportId) => ({
      renderingEngineId: RENDERING_ENGINE_ID,
      viewportId,
    }));
    const made = [
      synchronizers.createImageSliceSynchronizer(`${SYNC_PREFIX}-slice`),
      synchronizers.createZoomPanSynchronizer(`${SYNC_PREFIX}-zoompan`),
      synchronizers.createVOISynchronizer(`${SYNC_PREFIX}-voi`, {
        syncInvertState: true,
        syncColormap: false,
      }),
    ];
    for (const synchronizer of made) for (const member of members) synchronizer.add(member);
  }

  /**
   * Draws the SEG, unpacked by main into label images per source image, over the annotated
   * viewport: each goes onto the derived labelmap image of its source (by SOP Instance UID,
   * else by position), and cornerstone's labelmap representation draws fill and outline.
   */
  async overlay(labelmap: ReviewLabelmap): Promise<void> {
    // Metadata of every source image (SOP UID, position) is known once its file has been read.
    await Promise.all(this.imageIds.map((imageId) => imageLoader.loadAndCacheImage(imageId)));
    const bySop = new Map<string, number>();
    const positions: number[][] = [];
    for (const [index, imageId] of this.imageIds.entries()) {
      const sop = (
        metaData.get('generalImageModule', imageId) as { sopInstanceUID?: string } | undefined
      )?.sopInstanceUID;
      if (sop !== undefined) bySop.set(sop, index);
      positions.push(
        (
          metaData.get('imagePlaneModule', imageId) as
            | { imagePositionPatient?: number[] }
            | undefined
        )?.imagePositionPatient ?? [],
      );
    }
    const nearest = (position: readonly number[]): number | undefined => {
      let best: number | undefined;
      let bestDistance = 0.5;
      for (const [index, candidate] of positions.entries()) {
        if (candidate.length !== 3) continue;
        const distance = Math.hypot(
          candidate[0]! - position[0]!,
          candidate[1]! - position[1]!,
          candidate[2]! - position[2]!,
        );
        if (distance < bestDistance) [best, bestDistance] = [index, distance];
      }
      return best;
    };
    const images = imageLoader.createAndCacheDerivedLabelmapImages(this.imageIds);
    for (const frame of labelmap.frames) {
      const index =
        (frame.sourceSopInstanceUid === undefined
          ? undefined
          : bySop.get(frame.sourceSopInstanceUid)) ??
        (frame.position ? nearest(frame.position) : undefined);
      const image = index === undefined ? undefined : images[index];
      if (image === undefined || image.rows !== labelmap.rows || image.columns !== labelmap.columns)
        continue;
      const target = image.voxelManager
        ? (image.voxelManager.getWritableScalarData() as Types.PixelDataTypedArray)
        : image.getPixelData();
      target.set(frame.labels);
    }
    segmentation.addSegmentations([
      {
        segmentationId: SEGMENTATION_ID,
        representation: {
          type: ToolEnums.SegmentationRepresentations.Labelmap,
          data: { imageIds: images.map((image) => image.imageId) },
        },
      },
    ]);
    await segmentation.addLabelmapRepresentationToViewportMap({
      [ANNOTATED_VIEWPORT_ID]: [{ segmentationId: SEGMENTATION_ID }],
    });
    this.segmentationLoaded = true;
  }

  style(style: OverlayStyle): void {
    if (!this.segmentationLoaded) return;
    const type = ToolEnums.SegmentationRepresentations.Labelmap;
    segmentation.config.style.setStyle(
      { viewportId: ANNOTATED_VIEWPORT_ID, segmentationId: SEGMENTATION_ID, type },
      {
        renderFill: style.fill,
        renderOutline: style.outline,
        fillAlpha: style.opacity,
        outlineOpacity: 1,
        outlineWidth: 2,
        renderFillInactive: style.fill,
        renderOutlineInactive: style.outline,
        fillAlphaInactive: style.opacity,
      },
    );
    for (const [number, display] of Object.entries(style.segments)) {
      const index = Number(number);
      const bright = style.highlighted === index;
      segmentation.config.color.setSegmentIndexColor(
        ANNOTATED_VIEWPORT_ID,
        SEGMENTATION_ID,
        index,
        [...display.color, bright ? 255 : 200],
      );
      segmentation.config.visibility.setSegmentIndexVisibility(
        ANNOTATED_VIEWPORT_ID,
        { segmentationId: SEGMENTATION_ID, type },
        index,
        display.visible,
      );
    }
    this.stack(ANNOTATED_VIEWPORT_ID)?.render();
  }

  /** Both viewports to the slice nearest a point (patient mm) and centred on it (synchronized). */
  jumpTo(point: Types.Point3): void {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const [index, imageId] of this.imageIds.entries()) {
      const plane = metaData.get('imagePlaneModule', imageId) as
        | { imagePositionPatient?: number[]; rowCosines?: number[]; columnCosines?: number[] }
        | undefined;
      const position = plane?.imagePositionPatient;
      const row = plane?.rowCosines;
      const column = plane?.columnCosines;
      if (position === undefined || row === undefined || column === undefined) continue;
      // Distance along the slice normal (row x column cosines, PS3.3 C.7.6.2.1.1).
      const normal = [
        row[1]! * column[2]! - row[2]! * column[1]!,
        row[2]! * column[0]! - row[0]! * column[2]!,
        row[0]! * column[1]! - row[1]! * column[0]!,
      ];
      const distance = Math.abs(
        normal.reduce((sum, n, axis) => sum + n * (point[axis]! - position[axis]!), 0),
      );
      if (distance < bestDistance) {
        bestDistance = distance;
        best = index;
      }
    }
    for (const viewportId of [ORIGINAL_VIEWPORT_ID, ANNOTATED_VIEWPORT_ID])
      void this.stack(viewportId)?.setImageIdIndex(best);
  }

  /** Where a patient point falls on the annotated viewport's canvas (CSS pixels), for markers and tests. */
  canvasPoint(point: Types.Point3): [number, number] | undefined {
    const viewport = this.stack(ANNOTATED_VIEWPORT_ID);
    if (viewport === undefined) return undefined;
    const [x, y] = viewport.worldToCanvas(point);
    return [x, y];
  }

  currentIndex(): number {
    return this.stack(ANNOTATED_VIEWPORT_ID)?.getCurrentImageIdIndex() ?? 0;
  }
}
