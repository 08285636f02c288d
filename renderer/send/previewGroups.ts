import type { SendPreview } from '../../preload/contract/index.js';

export type PreviewEntry = SendPreview['studies'][number]['entries'][number];
export type EntryGroup = 'removed' | 'replaced' | 'shifted' | 'kept';

export const ENTRY_GROUPS: readonly EntryGroup[] = ['removed', 'replaced', 'shifted', 'kept'];

/** The engine's actions (main/deid/deidReport.ts) as the four groups the doctor reads. */
const GROUP_OF_ACTION: Readonly<Record<string, EntryGroup>> = {
  removed: 'removed',
  emptied: 'removed',
  dummy: 'replaced',
  pseudonym: 'replaced',
  uidReplaced: 'replaced',
  cleaned: 'replaced',
  added: 'replaced',
  masked: 'replaced',
  defaced: 'replaced',
  dateShifted: 'shifted',
  kept: 'kept',
};

export interface GroupedEntries {
  group: EntryGroup;
  entries: PreviewEntry[];
  /** Distinct attributes (tag and action) in the group. */
  attributes: number;
  /** Occurrences over every instance. */
  occurrences: number;
}

export function groupOf(action: string): EntryGroup {
  // An action the screen does not know is shown with what leaves the workstation: never hidden.
  return GROUP_OF_ACTION[action] ?? 'kept';
}

/** Every study's entries, grouped, the same attribute and action merged across studies. */
export function groupEntries(preview: SendPreview): GroupedEntries[] {
  const merged = new Map<string, PreviewEntry>();
  for (const entry of preview.studies.flatMap((study) => study.entries)) {
    const key = `${entry.tag}|${entry.action}|${entry.rule}|${entry.nested}`;
    const seen = merged.get(key);
    merged.set(key, seen === undefined ? entry : { ...seen, count: seen.count + entry.count });
  }
  return ENTRY_GROUPS.map((group) => {
    const entries = [...merged.values()].filter((entry) => groupOf(entry.action) === group);
    return {
      group,
      entries,
      attributes: entries.length,
      occurrences: entries.reduce((sum, entry) => sum + entry.count, 0),
    };
  });
}

/** Patient Name, Patient ID, Patient's Birth Date (PS3.6): the three that must never leave as they are. */
const IDENTITY_TAGS = ['00100010', '00100020', '00100030'];

/** True when none of name, ID or birth date is kept as it was in any instance. */
export function identityWithheld(preview: SendPreview): boolean {
  return preview.studies.every((study) =>
    study.entries.every((entry) => !(IDENTITY_TAGS.includes(entry.tag) && entry.action === 'kept')),
  );
}

/** Excluded inputs counted per reason. */
export function excludedByReason(preview: SendPreview): [string, number][] {
  const counts = new Map<string, number>();
  for (const { reason } of preview.excluded) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts];
}
