/**
 * What a reader does to any viewport, stack or volume, through cornerstone's common viewport
 * API: invert, flip, rotate, cine. Kept apart from loading so both controllers share it.
 */
import type { Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';

type Viewport = Types.IStackViewport | Types.IVolumeViewport;

export function invert(viewport: Viewport): void {
  const inverted = viewport.getProperties()?.invert === true;
  viewport.setProperties({ invert: !inverted });
  viewport.render();
}

export function flip(viewport: Viewport, axis: 'horizontal' | 'vertical'): void {
  const camera = viewport.getCamera();
  if (axis === 'horizontal') viewport.setCamera({ flipHorizontal: camera.flipHorizontal !== true });
  else viewport.setCamera({ flipVertical: camera.flipVertical !== true });
  viewport.render();
}

/** Rotates the image in its plane by a quarter turn (clockwise for positive turns). */
export function rotateQuarter(viewport: Viewport, turns: number): void {
  const rotation = viewport.getViewPresentation().rotation ?? 0;
  viewport.setViewPresentation({ rotation: (((rotation + turns * 90) % 360) + 360) % 360 });
  viewport.render();
}

/** Starts or stops cine; returns whether it now plays. */
export function toggleCine(element: HTMLDivElement, framesPerSecond = 15): boolean {
  const state = toolUtilities.cine.getToolState(element);
  if (state?.intervalId !== undefined) {
    toolUtilities.cine.stopClip(element);
    return false;
  }
  toolUtilities.cine.playClip(element, { framesPerSecond, loop: true });
  return true;
}
