/**
 * The controllers of the viewports on screen, by viewport id, so the toolbar and the keyboard
 * act on the active one without React holding cornerstone objects in its state.
 */
import type { ViewportController } from './viewportController.js';

const controllers = new Map<string, ViewportController>();

export function registerController(controller: ViewportController): () => void {
  controllers.set(controller.viewportId, controller);
  return () => {
    if (controllers.get(controller.viewportId) === controller)
      controllers.delete(controller.viewportId);
  };
}

export function controllerFor(viewportId: string | undefined): ViewportController | undefined {
  return viewportId === undefined ? undefined : controllers.get(viewportId);
}

export function allControllers(): ViewportController[] {
  return [...controllers.values()];
}
