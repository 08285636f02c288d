/**
 * One-time set-up of cornerstone3d for the renderer: the core, the DICOM image loader (its
 * decoders run in web workers, WebAssembly codecs), the streaming volume loader for MPR and MIP,
 * and the tools the viewports bind.
 */
import {
  cache,
  cornerstoneStreamingImageVolumeLoader,
  Enums,
  imageLoadPoolManager,
  init as initCore,
  RenderingEngine,
  type Types,
  volumeLoader,
} from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  AngleTool,
  ArrowAnnotateTool,
  CrosshairsTool,
  EllipticalROITool,
  init as initTools,
  LengthTool,
  PanTool,
  PlanarRotateTool,
  RectangleROITool,
  ScaleOverlayTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  Enums as ToolEnums,
} from '@cornerstonejs/tools';
import { forgetAllAnnotations } from './annotationScope.js';
import { SliceProbeTool } from './probeTool.js';
import { roiTextLines } from './roiTextLines.js';
import { fitDefaultWindows } from './fittedWindow.js';
import { forgetHeaders, keepHeadersOnly } from './headerOnlyDataSets.js';
import {
  KNOWN_GEOMETRY_VOLUME_SCHEME,
  knownGeometryVolumeLoader,
} from './knownGeometryVolumeLoader.js';
import { forgetSeriesMetadata } from './seriesMetadata.js';
import { absorbPrefetchFailures } from './prefetchFailures.js';
import { reuseUploadBuffers } from './volumeStreaming/reusedUploadBuffer.js';
import type { PrimaryTool } from '../state/viewerStore.js';

export const RENDERING_ENGINE_ID = 'mitate';
/** Stack viewports (the series as acquired). */
export const STACK_TOOL_GROUP_ID = 'stack';
/** Volume planes through one series: crosshairs link them. */
export const MPR_TOOL_GROUP_ID = 'mpr';
/** Slab projections (MIP, MinIP, average): no crosshairs, a projection has no single slice. */
export const PROJECTION_TOOL_GROUP_ID = 'projection';
export const TOOL_GROUP_IDS = [
  STACK_TOOL_GROUP_ID,
  MPR_TOOL_GROUP_ID,
  PROJECTION_TOOL_GROUP_ID,
] as const;

export const PRIMARY_TOOLS: readonly PrimaryTool[] = [
  'windowLevel',
  'pan',
  'zoom',
  'length',
  'angle',
  'ellipse',
  'rectangle',
  'probe',
  'arrow',
  'rotate',
  'crosshairs',
];

const TOOL_NAMES: Readonly<Record<PrimaryTool, string>> = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
  length: LengthTool.toolName,
  angle: AngleTool.toolName,
  ellipse: EllipticalROITool.toolName,
  rectangle: RectangleROITool.toolName,
  probe: SliceProbeTool.toolName,
  arrow: ArrowAnnotateTool.toolName,
  rotate: PlanarRotateTool.toolName,
  crosshairs: CrosshairsTool.toolName,
};

const MEASUREMENT_TOOLS = [
  LengthTool,
  AngleTool,
  EllipticalROITool,
  RectangleROITool,
  SliceProbeTool,
  ArrowAnnotateTool,
];

let ready: Promise<RenderingEngine> | undefined;
/** Image requests of one kind (interaction, thumbnail, prefetch) in flight, fetch to decoded. */
const REQUESTS_AT_ONCE = 24;
/**
 * A stack's prefetch, fewer: each one in flight is a download, a parse and a decode on the page's
 * thread when it lands, and a volume asked for next (MPR pressed while the stack still fills)
 * waits behind those already out: with 24, its middle slice's preview came 60 ms later on
 * average, and up to 110 ms (512x512x600 CT, bench, quiet 2-core machine).
 */
const PREFETCHES_AT_ONCE = 6;
/** Text an arrow annotation gets; set from i18n so it follows the reader's language. */
let arrowLabel = '→';

export function setArrowLabel(label: string): void {
  arrowLabel = label;
}

export function cornerstoneReady(): Promise<RenderingEngine> {
  ready ??= setUp();
  return ready;
}

async function setUp(): Promise<RenderingEngine> {
  absorbPrefetchFailures();
  fitDefaultWindows();
  reuseUploadBuffers();
  initCore();
  // Half the cores decode; the other half keep the page and the GPU fed.
  dicomImageLoader.init({
    maxWebWorkers: Math.max(1, Math.min(4, Math.floor(navigator.hardwareConcurrency / 2))),
    // The newer "naturalized" metadata path of dicom-image-loader 5.x finds no pixel data in
    // Deflated Explicit VR Little Endian files (1.2.840.10008.1.2.1.99); the dicom-parser path
    // reads every transfer syntax in our test matrix. Revisit when the loader fixes deflate.
    useLegacyMetadataProvider: true,
  });
  keepHeadersOnly();
  // cornerstone lets 1000 requests of each kind run at once, so a stack's prefetch of a whole
  // series goes out at once and queues inside the browser, where nothing can put a volume's
  // middle slice (or a scrolled-to image) before it. A limited number keeps the order in
  // cornerstone's queue, which knows priorities. Two dozen keep the decoder fed while a busy page
  // catches up, without hundreds of downloaded files waiting in memory (512x512x600 CT on a busy
  // 2-core machine: 6 at once filled the volume a third slower, no limit took 40 % more memory).
  for (const type of [Enums.RequestType.Interaction, Enums.RequestType.Thumbnail]) {
    imageLoadPoolManager.setMaxSimultaneousRequests(type, REQUESTS_AT_ONCE);
  }
  imageLoadPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, PREFETCHES_AT_ONCE);
  // The loader's declared options type is narrower than VolumeLoaderFn; it is the one cornerstone registers itself.
  const streaming = cornerstoneStreamingImageVolumeLoader as unknown as Types.VolumeLoaderFn;
  volumeLoader.registerUnknownVolumeLoader(streaming);
  volumeLoader.registerVolumeLoader('cornerstoneStreamingImageVolume', streaming);
  volumeLoader.registerVolumeLoader(
    KNOWN_GEOMETRY_VOLUME_SCHEME,
    knownGeometryVolumeLoader as unknown as Types.VolumeLoaderFn,
  );
  initTools();
  const common = [
    WindowLevelTool,
    PanTool,
    ZoomTool,
    StackScrollTool,
    PlanarRotateTool,
    ScaleOverlayTool,
    ...MEASUREMENT_TOOLS,
  ];
  for (const tool of [...common, CrosshairsTool]) addTool(tool);

  for (const groupId of TOOL_GROUP_IDS) {
    const group = ToolGroupManager.createToolGroup(groupId);
    if (group === undefined) throw new Error('tool group');
    for (const tool of common) {
      if (tool === ArrowAnnotateTool) {
        // No prompt (Electron has none): the arrow gets a fixed label the reader can read aloud.
        group.addTool(tool.toolName, {
          getTextCallback: (done: (text: string) => void) => done(arrowLabel),
          changeTextCallback: () => undefined,
        });
      } else if (tool === EllipticalROITool || tool === RectangleROITool) {
        // The ROI's figures on the image in the app's language, not cornerstone's English.
        group.addTool(tool.toolName, { getTextLines: roiTextLines });
      } else {
        group.addTool(tool.toolName);
      }
    }
    if (groupId === MPR_TOOL_GROUP_ID) group.addTool(CrosshairsTool.toolName);
    group.setToolActive(StackScrollTool.toolName, {
      bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }],
    });
    // Measurements stay visible (and selectable for deletion) whichever tool is chosen.
    for (const tool of MEASUREMENT_TOOLS) group.setToolPassive(tool.toolName);
  }
  setPrimaryTool('windowLevel');
  return new RenderingEngine(RENDERING_ENGINE_ID);
}

/** Drops every decoded image and parsed file from memory, as when the doctor closes all studies. */
export function forgetDecodedImages(): void {
  if (ready === undefined) return;
  cache.purgeCache();
  dicomImageLoader.wadouri.dataSetCacheManager.purge();
  forgetHeaders();
  forgetSeriesMetadata();
  // The measurements of the studies just closed go with them.
  forgetAllAnnotations();
}

/**
 * Left button does the chosen tool; middle always pans and right always zooms, as in most PACS
 * viewers, so a radiologist's hands do what they expect whatever is selected.
 */
export function setPrimaryTool(tool: PrimaryTool): void {
  const { Primary, Auxiliary, Secondary } = ToolEnums.MouseBindings;
  for (const groupId of TOOL_GROUP_IDS) {
    const group = ToolGroupManager.getToolGroup(groupId);
    if (group === undefined) continue;
    const bindings = new Map<PrimaryTool, ToolEnums.MouseBindings[]>([
      ['pan', [Auxiliary]],
      ['zoom', [Secondary]],
    ]);
    // Crosshairs exist only where planes cross; elsewhere the left button windows.
    const chosen = tool === 'crosshairs' && groupId !== MPR_TOOL_GROUP_ID ? 'windowLevel' : tool;
    bindings.set(chosen, [...(bindings.get(chosen) ?? []), Primary]);
    for (const name of PRIMARY_TOOLS) {
      const toolName = TOOL_NAMES[name];
      if (!group.hasTool(toolName)) continue;
      const buttons = bindings.get(name);
      if (buttons !== undefined)
        group.setToolActive(toolName, {
          bindings: buttons.map((mouseButton) => ({ mouseButton })),
        });
      else group.setToolPassive(toolName);
    }
  }
}

export function toolGroupFor(view: 'stack' | 'plane' | 'projection'): string {
  return view === 'stack'
    ? STACK_TOOL_GROUP_ID
    : view === 'plane'
      ? MPR_TOOL_GROUP_ID
      : PROJECTION_TOOL_GROUP_ID;
}
