import { describe, expect, it } from 'vitest';
import type { SeriesDetail, StudySummary } from '../../../../preload/contract/index.js';
import { matchingSeries, samePatient } from '../../../../renderer/state/compareStore.js';

const study = (id: string, patientId: string, patientBirthDate: string): StudySummary =>
  ({ id, patientId, patientBirthDate }) as StudySummary;

const series = (id: string, modality: string, description: string, imageCount = 10) =>
  ({
    id,
    modality,
    description,
    imageCount,
    instances: [{}],
  }) as unknown as SeriesDetail;

describe('comparison reading', () => {
  it('hangs only the same patient together: patient ID and birth date, never an empty ID', () => {
    expect(samePatient(study('a', 'P1', '19600101'), study('b', 'P1', '19600101'))).toBe(true);
    expect(samePatient(study('a', 'P1', '19600101'), study('b', 'P1', '19600102'))).toBe(false);
    expect(samePatient(study('a', 'P1', '19600101'), study('b', 'P2', '19600101'))).toBe(false);
    expect(samePatient(study('a', '', ''), study('b', '', ''))).toBe(false);
  });

  it('chooses the prior series of the same modality and description, else the largest of the modality', () => {
    const shown = series('c', 'CT', 'Head');
    const prior = [
      series('p1', 'SR', 'Head'),
      series('p2', 'CT', 'Bone', 50),
      series('p3', 'CT', 'Head'),
    ];
    expect(matchingSeries(shown, prior)?.id).toBe('p3');
    expect(matchingSeries(series('c', 'CT', 'Chest'), prior)?.id).toBe('p2');
    expect(matchingSeries(series('c', 'MR', 'T1'), prior)?.id).toBe('p2');
  });
});
