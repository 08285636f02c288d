/**
 * Opening a job's results never changes the patient on screen silently: when the results belong
 * to another patient than the one shown, the reader confirms the switch in a dialog that names
 * both, and a banner names the patient switched to.
 */
import { create } from 'zustand';
import type { StudySummary } from '../../preload/contract/index.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useReviewStore } from '../state/reviewStore.js';

interface PatientSwitchState {
  /** Results waiting for the reader's yes: the study they belong to and the one on screen. */
  pending: { next: StudySummary; current: StudySummary } | undefined;
  /** The patient just switched to, for the banner until it is dismissed or another study opens. */
  switched: StudySummary | undefined;
  confirm(): Promise<void>;
  cancel(): void;
  dismiss(): void;
}

/** One patient: the same Patient ID and the same name (an empty ID says nothing on its own). */
export function samePatient(a: StudySummary, b: StudySummary): boolean {
  const name = (study: StudySummary): string => JSON.stringify(study.patientName);
  return a.patientId === b.patientId && name(a) === name(b);
}

/** Opens the review of the study: the study is selected in the library first, as the review shows the selected study. */
async function openReview(studyId: string): Promise<void> {
  await useLibraryStore.getState().selectStudy(studyId);
  await useReviewStore.getState().openFor(studyId);
}

export const usePatientSwitch = create<PatientSwitchState>()((set, get) => ({
  pending: undefined,
  switched: undefined,
  async confirm() {
    const pending = get().pending;
    if (pending === undefined) return;
    set({ pending: undefined, switched: pending.next });
    await openReview(pending.next.id);
  },
  cancel() {
    set({ pending: undefined });
  },
  dismiss() {
    set({ switched: undefined });
  },
}));

/** A job's "Open results": straight to the review for the patient on screen (or none), through the confirmation for another patient. */
export async function openJobResults(studyId: string): Promise<void> {
  const { studies, selectedStudyId } = useLibraryStore.getState();
  const current = studies.find((study) => study.id === selectedStudyId);
  const next = studies.find((study) => study.id === studyId);
  if (current !== undefined && next !== undefined && !samePatient(current, next)) {
    usePatientSwitch.setState({ pending: { next, current } });
    return;
  }
  usePatientSwitch.setState({ switched: undefined });
  await openReview(studyId);
}
