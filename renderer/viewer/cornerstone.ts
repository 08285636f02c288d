/**
 * One-time set-up of cornerstone3d for the renderer: the core, the DICOM image loader (its
 * decoders run in web workers, WebAssembly codecs) and the tools the stack viewer binds.
 */
import { cache, init as initCore, RenderingEngine } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  init as initTools,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  Enums as ToolEnums,
} from '@cornerstonejs/tools';

export const RENDERING_ENGINE_ID = 'mitate';
export const STACK_TOOL_GROUP_ID = 'stack';

export type PrimaryTool = 'windowLevel' | 'pan' | 'zoom';

const TOOL_NAMES: Readonly<Record<PrimaryTool, string>> = {
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
};

let ready: Promise<RenderingEngine> | undefined;

export function cornerstoneReady(): Promise<RenderingEngine> {
  ready ??= setUp();
  return ready;
}

async function setUp(): Promise<RenderingEngine> {
  initCore();
  // Half the cores decode; the other half keep the page and the GPU fed.
  dicomImageLoader.init({
    maxWebWorkers: Math.max(1, Math.min(4, Math.floor(navigator.hardwareConcurrency / 2))),
    // The newer "naturalized" metadata path of dicom-image-loader 5.x finds no pixel data in
    // Deflated Explicit VR Little Endian files (1.2.840.10008.1.2.1.99); the dicom-parser path
    // reads every transfer syntax in our test matrix. Revisit when the loader fixes deflate.
    useLegacyMetadataProvider: true,
  });
  initTools();
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) addTool(tool);

  const group = ToolGroupManager.createToolGroup(STACK_TOOL_GROUP_ID);
  if (group === undefined) throw new Error('tool group');
  for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) group.addTool(tool.toolName);
  setPrimaryTool('windowLevel');
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  return new RenderingEngine(RENDERING_ENGINE_ID);
}

/** Drops every decoded image and parsed file from memory, as when the doctor closes all studies. */
export function forgetDecodedImages(): void {
  if (ready === undefined) return;
  cache.purgeCache();
  dicomImageLoader.wadouri.dataSetCacheManager.purge();
}

/**
 * Left button does the chosen tool; middle always pans and right always zooms, as in most PACS
 * viewers, so a radiologist's hands do what they expect whatever is selected.
 */
export function setPrimaryTool(tool: PrimaryTool): void {
  const group = ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID);
  if (group === undefined) return;
  const { Primary, Auxiliary, Secondary } = ToolEnums.MouseBindings;
  const bindings: Record<PrimaryTool, ToolEnums.MouseBindings[]> = { windowLevel: [], pan: [Auxiliary], zoom: [Secondary] };
  bindings[tool].push(Primary);
  for (const [name, buttons] of Object.entries(bindings) as [PrimaryTool, ToolEnums.MouseBindings[]][]) {
    group.setToolPassive(TOOL_NAMES[name]);
    if (buttons.length > 0) group.setToolActive(TOOL_NAMES[name], { bindings: buttons.map((mouseButton) => ({ mouseButton })) });
  }
}
