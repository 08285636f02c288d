import { describe, expect, it } from 'vitest';
import type { SendPreview } from '../../../../preload/contract/index.js';
import {
  excludedByReason,
  groupEntries,
  identityWithheld,
} from '../../../../renderer/send/previewGroups.js';
import { sendBlock } from '../../../../renderer/send/sendAvailability.js';

const entry = (
  tag: string,
  action: string,
  count: number,
  nested = false,
): SendPreview['studies'][number]['entries'][number] => ({
  tag,
  action,
  rule: 'X',
  source: 'PS3.15 E.1-1',
  nested,
  count,
});

function preview(entries: ReturnType<typeof entry>[][], excluded: string[] = []): SendPreview {
  return {
    profile: { edition: '2026d', options: [] },
    studies: entries.map((list) => ({
      instances: 10,
      series: 1,
      entries: list,
      masked: [],
      defaced: [],
    })),
    excluded: excluded.map((reason) => ({ reason })),
  };
}

describe('send preview', () => {
  it('groups the engine actions as removed / replaced / shifted / kept, merging studies', () => {
    const groups = groupEntries(
      preview([
        [
          entry('00100010', 'pseudonym', 10),
          entry('00100030', 'emptied', 10),
          entry('00080020', 'dateShifted', 10),
          entry('00080060', 'kept', 10),
        ],
        [
          entry('00100010', 'pseudonym', 5),
          entry('00081030', 'removed', 5),
          entry('0020000D', 'uidReplaced', 5),
        ],
      ]),
    );
    const byGroup = Object.fromEntries(groups.map((group) => [group.group, group]));
    expect(groups.map((group) => group.group)).toEqual(['removed', 'replaced', 'shifted', 'kept']);
    expect(byGroup['removed']).toMatchObject({ attributes: 2, occurrences: 15 });
    expect(byGroup['replaced']).toMatchObject({ attributes: 2, occurrences: 20 });
    expect(byGroup['shifted']).toMatchObject({ attributes: 1, occurrences: 10 });
    expect(byGroup['kept']).toMatchObject({ attributes: 1, occurrences: 10 });
  });

  it('shows an action it does not know among what is kept, never hides it', () => {
    const kept = groupEntries(preview([[entry('00091001', 'somethingNew', 1)]])).find(
      (group) => group.group === 'kept',
    );
    expect(kept?.attributes).toBe(1);
  });

  it('says name, ID and birth date are withheld only when none of them is kept', () => {
    expect(
      identityWithheld(
        preview([[entry('00100010', 'pseudonym', 1), entry('00100030', 'emptied', 1)]]),
      ),
    ).toBe(true);
    expect(identityWithheld(preview([[entry('00100030', 'kept', 1, true)]]))).toBe(false);
  });

  it('counts excluded files per reason', () => {
    expect(excludedByReason(preview([[]], ['notDicom', 'duplicate', 'notDicom']))).toEqual([
      ['notDicom', 2],
      ['duplicate', 1],
    ]);
  });

  it('turns Send off with the first reason that applies', () => {
    const eligible = { serviceId: 'a', eligible: true, reasons: [], slices: 100, minSlices: 100 };
    expect(sendBlock({ signedIn: false, seriesId: 's', eligibility: eligible })).toBe('signIn');
    expect(sendBlock({ signedIn: true, seriesId: undefined, eligibility: eligible })).toBe(
      'noSeries',
    );
    expect(sendBlock({ signedIn: true, seriesId: 's', eligibility: undefined })).toBe('checking');
    expect(
      sendBlock({
        signedIn: true,
        seriesId: 's',
        eligibility: { ...eligible, eligible: false, reasons: ['modality'] },
      }),
    ).toBe('notEligible');
    expect(sendBlock({ signedIn: true, seriesId: 's', eligibility: eligible })).toBeUndefined();
  });
});
