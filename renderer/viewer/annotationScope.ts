/**
 * Measurements and annotations belong to the study they were made on. cornerstone keeps one
 * global annotation state (by frame of reference), so without this a measurement made on one
 * patient's CT would still be listed, and could be drawn, when another patient's images are on
 * screen. The viewer shows one study at a time: when the study changes, what was drawn on the
 * last one is set aside under its id (with its selection cleared) and comes back, untouched,
 * when that study is opened again. Nothing of one study is in cornerstone's state while another
 * is shown.
 */
import { getRenderingEngines } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';
import { useViewerStore } from '../state/viewerStore.js';

type SavedState = ReturnType<
  ReturnType<typeof annotation.state.getAnnotationManager>['saveAnnotations']
>;

/** Annotations of studies not on screen, by study id. */
const setAside = new Map<string, SavedState>();
/** The study whose annotations are in cornerstone's state now. */
let current: string | undefined;

function listsChanged(): void {
  const state = useViewerStore.getState();
  state.update({ annotationsVersion: state.annotationsVersion + 1 });
  // Viewports still on screen draw without the annotations that just left.
  for (const engine of getRenderingEngines() ?? []) engine.render();
}

/** Puts the annotations of `studyId` (none for undefined) into cornerstone's state, setting aside those of the study shown before. */
export function showAnnotationsOf(studyId: string | undefined): void {
  if (studyId === current) return;
  const manager = annotation.state.getAnnotationManager();
  annotation.selection.deselectAnnotation();
  if (current !== undefined && manager.getNumberOfAllAnnotations() > 0)
    setAside.set(current, manager.saveAnnotations());
  manager.restoreAnnotations(studyId === undefined ? {} : (setAside.get(studyId) ?? {}));
  if (studyId !== undefined) setAside.delete(studyId);
  current = studyId;
  listsChanged();
}

/** Forgets every study's annotations (the library was cleared: its studies are gone). */
export function forgetAllAnnotations(): void {
  setAside.clear();
  annotation.selection.deselectAnnotation();
  annotation.state.getAnnotationManager().restoreAnnotations({});
  current = undefined;
  listsChanged();
}
