/**
 * The scale bar (cornerstone's ScaleOverlayTool) on or off in every viewport. The tool's enable
 * hook reads its group's first viewport and throws in a group that has none (a stack layout leaves
 * the MPR and projection groups empty), so an empty group gets the bar when its first viewport
 * joins instead.
 */
import { eventTarget } from '@cornerstonejs/core';
import { Enums, ScaleOverlayTool, ToolGroupManager } from '@cornerstonejs/tools';
import { TOOL_GROUP_IDS } from './cornerstone.js';

const TOOL = ScaleOverlayTool.toolName;
let shown = false;
let listening = false;

function enableIn(groupId: string): void {
  const group = ToolGroupManager.getToolGroup(groupId);
  if (group === undefined || group.getViewportIds().length === 0) return;
  if (group.getToolOptions(TOOL)?.mode !== Enums.ToolModes.Enabled) group.setToolEnabled(TOOL);
}

function onViewportAdded(event: Event): void {
  const { toolGroupId } = (event as CustomEvent<{ toolGroupId: string }>).detail;
  if (shown) enableIn(toolGroupId);
}

export function setScaleBar(on: boolean): void {
  shown = on;
  if (!listening) {
    eventTarget.addEventListener(Enums.Events.TOOLGROUP_VIEWPORT_ADDED, onViewportAdded);
    listening = true;
  }
  for (const groupId of TOOL_GROUP_IDS) {
    if (on) enableIn(groupId);
    else ToolGroupManager.getToolGroup(groupId)?.setToolDisabled(TOOL);
  }
}
