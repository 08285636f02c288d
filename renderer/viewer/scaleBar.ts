/**
 * The scale bar (cornerstone's ScaleOverlayTool) on or off in every viewport. In cornerstone 5.14
 * the tool reads the corners of every viewport in its group whenever it is enabled or a camera
 * moves, and throws (then and at every later draw) when a group has no viewport or one that shows
 * no image yet: a stack layout leaves the MPR group empty, and a new plane has no volume for its
 * first camera changes. So the bar is on in a group only while each of its viewports shows an
 * image; controllers call `refreshScaleBar` when they draw, which turns it on once they all do.
 */
import { eventTarget, getEnabledElementByIds } from '@cornerstonejs/core';
import { Enums, ScaleOverlayTool, ToolGroupManager } from '@cornerstonejs/tools';
import { useViewerStore } from '../state/viewerStore.js';
import { TOOL_GROUP_IDS } from './cornerstone.js';

const TOOL = ScaleOverlayTool.toolName;
let listening = false;

function everyViewportShowsAnImage(groupId: string): boolean {
  const viewports = ToolGroupManager.getToolGroup(groupId)?.getViewportsInfo() ?? [];
  return (
    viewports.length > 0 &&
    viewports.every(
      ({ viewportId, renderingEngineId }) =>
        getEnabledElementByIds(viewportId, renderingEngineId)?.viewport.getImageData() != null,
    )
  );
}

/** Brings one group's bar in line with the reader's choice and what its viewports show. */
export function refreshScaleBar(groupId: string): void {
  const group = ToolGroupManager.getToolGroup(groupId);
  if (group === undefined) return;
  const on = group.getToolOptions(TOOL)?.mode === Enums.ToolModes.Enabled;
  // The reader's choice is the viewer store's (the Image menu shows it from there).
  const shown = useViewerStore.getState().showScaleBar;
  if (!shown && !on) return;
  const wanted = shown && everyViewportShowsAnImage(groupId);
  if (wanted && !on) group.setToolEnabled(TOOL);
  else if (!wanted && on) group.setToolDisabled(TOOL);
}

function onViewportAdded(event: Event): void {
  refreshScaleBar((event as CustomEvent<{ toolGroupId: string }>).detail.toolGroupId);
}

/** The scale bar on or off, as the reader chose, in every group that can show it. */
export function setScaleBar(on: boolean): void {
  useViewerStore.getState().update({ showScaleBar: on });
  if (!listening) {
    // A viewport that joins has no image yet: its group's bar waits for it.
    eventTarget.addEventListener(Enums.Events.TOOLGROUP_VIEWPORT_ADDED, onViewportAdded);
    listening = true;
  }
  for (const groupId of TOOL_GROUP_IDS) refreshScaleBar(groupId);
}
