/**
 * The compare layout's two stack viewports: the original series on the left, the same series
 * with the AI segmentation as a labelmap overlay on the right. Slice, zoom/pan and window/level
 * are linked (cornerstone synchronizers), so both always show the same place the same way.
 * The SEG is parsed by @cornerstonejs/adapters and drawn by cornerstone's segmentation
 * representation (fill and outline), never re-implemented here.
 */
import { Enums, getRenderingEngine, imageLoader, metaData, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { adaptersSEG } from '@cornerstonejs/adapters';
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
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) group.addTool(tool.toolName);
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
    for (const [viewportId, element] of [[ORIGINAL_VIEWPORT_ID, original], [ANNOTATED_VIEWPORT_ID, annotated]] as const) {
      this.engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
      toolGroup()?.addViewport(viewportId, this.engine.id);
    }
  }

  detach(): void {
    for (const synchronizer of SynchronizerManager.getAllSynchronizers()) {
      if (synchronizer.id.startsWith(SYNC_PREFIX)) SynchronizerManager.destroySynchronizer(synchronizer.id);
    }
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
    await Promise.all([ORIGINAL_VIEWPORT_ID, ANNOTATED_VIEWPORT_ID].map((id) => this.stack(id)?.setStack(imageIds, middle)));
    const members = [ORIGINAL_VIEWPORT_ID, ANNOTATED_VIEWPORT_ID].map((viewportId) => ({ renderingEngineId: RENDERING_ENGINE_ID, viewportId }));
    const made = [
      synchronizers.createImageSliceSynchronizer(`${SYNC_PREFIX}-slice`),
      synchronizers.createZoomPanSynchronizer(`${SYNC_PREFIX}-zoompan`),
      synchronizers.createVOISynchronizer(`${SYNC_PREFIX}-voi`, { syncInvertState: true, syncColormap: false }),
    ];
    for (const synchronizer of made) for (const member of members) synchronizer.add(member);
  }

  /** Parses the SEG against the series' images and draws it over the annotated viewport. */
  async overlay(segBytes: Uint8Array): Promise<void> {
    // The adapter maps SEG frames to source images by position and SOP UID, from their metadata.
    await Promise.all(this.imageIds.map((imageId) => imageLoader.loadAndCacheImage(imageId)));
    const buffer = segBytes.buffer.slice(segBytes.byteOffset, segBytes.byteOffset + segBytes.byteLength);
    const parsed = await adaptersSEG.Cornerstone3D.Segmentation.createFromDICOMSegBuffer(this.imageIds, buffer, { metadataProvider: metaData });
    const layers = parsed.labelMapImages as { imageId: string }[][];
    const labelmapImageIds = (layers[0] ?? []).map((image) => image.imageId);
    segmentation.addSegmentations([
      { segmentationId: SEGMENTATION_ID, representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { imageIds: labelmapImageIds } } },
    ]);
    await segmentation.addLabelmapRepresentationToViewportMap({ [ANNOTATED_VIEWPORT_ID]: [{ segmentationId: SEGMENTATION_ID }] });
    this.segmentationLoaded = true;
  }

  style(style: OverlayStyle): void {
    if (!this.segmentationLoaded) return;
    const type = ToolEnums.SegmentationRepresentations.Labelmap;
    segmentation.config.style.setStyle(
      { viewportId: ANNOTATED_VIEWPORT_ID, segmentationId: SEGMENTATION_ID, type },
      { renderFill: style.fill, renderOutline: style.outline, fillAlpha: style.opacity, outlineOpacity: 1, outlineWidth: 2, renderFillInactive: style.fill, renderOutlineInactive: style.outline, fillAlphaInactive: style.opacity },
    );
    for (const [number, display] of Object.entries(style.segments)) {
      const index = Number(number);
      const bright = style.highlighted === index;
      segmentation.config.color.setSegmentIndexColor(ANNOTATED_VIEWPORT_ID, SEGMENTATION_ID, index, [...display.color, bright ? 255 : 200]);
      segmentation.config.visibility.setSegmentIndexVisibility(ANNOTATED_VIEWPORT_ID, { segmentationId: SEGMENTATION_ID, type }, index, display.visible);
    }
    this.stack(ANNOTATED_VIEWPORT_ID)?.render();
  }

  /** Both viewports to the slice nearest a point (patient mm) and centred on it (synchronized). */
  jumpTo(point: Types.Point3): void {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const [index, imageId] of this.imageIds.entries()) {
      const plane = metaData.get('imagePlaneModule', imageId) as { imagePositionPatient?: number[]; rowCosines?: number[]; columnCosines?: number[] } | undefined;
      const position = plane?.imagePositionPatient;
      const row = plane?.rowCosines;
      const column = plane?.columnCosines;
      if (position === undefined || row === undefined || column === undefined) continue;
      // Distance along the slice normal (row x column cosines, PS3.3 C.7.6.2.1.1).
      const normal = [row[1]! * column[2]! - row[2]! * column[1]!, row[2]! * column[0]! - row[0]! * column[2]!, row[0]! * column[1]! - row[1]! * column[0]!];
      const distance = Math.abs(normal.reduce((sum, n, axis) => sum + n * (point[axis]! - position[axis]!), 0));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = index;
      }
    }
    for (const viewportId of [ORIGINAL_VIEWPORT_ID, ANNOTATED_VIEWPORT_ID]) void this.stack(viewportId)?.setImageIdIndex(best);
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
