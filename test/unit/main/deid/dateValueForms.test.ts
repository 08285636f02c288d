// Date values under Retain Longitudinal Modified Dates, on a listed and an unlisted attribute alike:
// DT values with a UTC offset, truncated DT and DA values and invalid dates are shifted whole or
// emptied, never half-shifted; and shiftDateValue at the edges of the years 0001-9999.
import { describe, expect, it } from 'vitest';
import { shiftDateValue } from '../../../../main/deid/dateShift.js';
import {
  ACQUISITION_DATETIME,
  DATE,
  hexOf,
  run,
  SECONDARY_REVIEW_DATE,
  shifted,
  STUDY_UPDATE_DATETIME,
  text,
  value,
} from './unlistedDateFile.js';

describe('DT with a UTC offset, truncated and invalid dates under Modified Dates', () => {
  // The same values on a listed DateTime (Acquisition DateTime, C) and on an unlisted one.
  const cases: {
    name: string;
    vr: 'DA' | 'DT';
    input: string;
    expected: (days: number) => string;
  }[] = [
    {
      name: 'DT with a negative UTC offset',
      vr: 'DT',
      input: '20210317101112.123456-0500',
      expected: (days) => `${shifted(DATE, days)}101112.123456-0500`,
    },
    {
      name: 'DT with a positive UTC offset',
      vr: 'DT',
      input: '20210317235959+0900',
      expected: (days) => `${shifted(DATE, days)}235959+0900`,
    },
    {
      name: 'DT truncated to the day with a UTC offset',
      vr: 'DT',
      input: '20210317+0100',
      expected: (days) => `${shifted(DATE, days)}+0100`,
    },
    {
      name: 'DT range with UTC offsets',
      vr: 'DT',
      input: '20210317101112+0100-20210318101112+0100',
      expected: (days) =>
        `${shifted(DATE, days)}101112+0100-${shifted('20210318', days)}101112+0100`,
    },
    { name: 'DT truncated to the year', vr: 'DT', input: '2021', expected: () => '' },
    { name: 'DT truncated to the month', vr: 'DT', input: '202103', expected: () => '' },
    {
      name: 'DT truncated to the year with a UTC offset',
      vr: 'DT',
      input: '2021-0500',
      expected: () => '',
    },
    {
      name: 'DT multi-valued, one truncated',
      vr: 'DT',
      input: '20210317101112\\2021',
      expected: () => '',
    },
    { name: 'DT with an impossible month', vr: 'DT', input: '20211317101112', expected: () => '' },
    {
      name: 'DT with something other than a time after the date',
      vr: 'DT',
      input: '20210317T10:11',
      expected: () => '',
    },
    {
      name: 'DT with a fraction but no seconds',
      vr: 'DT',
      input: '202103171011.5',
      expected: () => '',
    },
    { name: 'DA with an impossible day', vr: 'DA', input: '20210230', expected: () => '' },
    { name: 'DA truncated to the year', vr: 'DA', input: '2021', expected: () => '' },
    { name: 'DA in the retired ACR-NEMA form', vr: 'DA', input: '2021.03.17', expected: () => '' },
  ];
  for (const { name, vr, input, expected } of cases) {
    it(`${name}: shifted whole or emptied, top level and two deep`, async () => {
      const listedTag = vr === 'DT' ? ACQUISITION_DATETIME : 0x00080022; // Acquisition Date
      const unlistedTag = vr === 'DT' ? STUDY_UPDATE_DATETIME : SECONDARY_REVIEW_DATE;
      const { top, nested, offset } = await run(
        ['retainLongitudinalModifiedDates'],
        [value(listedTag, vr, input), value(unlistedTag, vr, input)],
      );
      for (const [where, elements] of [
        ['top', top],
        ['nested', nested],
      ] as const) {
        for (const tag of [listedTag, unlistedTag])
          expect(text(elements, tag), `${where} ${hexOf(tag)}`).toBe(expected(offset));
      }
      expect(shiftDateValue(input, vr, offset) ?? '').toBe(expected(offset));
    });
  }
});

describe('shiftDateValue', () => {
  it('shifts years 0001-0099 in their own century (Date.UTC would read them as 1900-1999)', () => {
    expect(shiftDateValue('00500101', 'DA', -1)).toBe('00491231');
    expect(shiftDateValue('0050010112+0100', 'DT', 1)).toBe('0050010212+0100');
  });

  it('empties a date that the shift would move outside the years 0001-9999', () => {
    expect(shiftDateValue('00010101', 'DA', -1)).toBeUndefined();
    expect(shiftDateValue('99991231', 'DA', 1)).toBeUndefined();
  });
});
