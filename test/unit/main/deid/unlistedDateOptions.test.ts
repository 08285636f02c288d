// Dates and times the data dictionary knows but PS3.15 Table E.1-1 (2026d) does not list, option by
// option: handled like the table's own dates, at the top level and two levels deep. Basic profile:
// emptied like Study Date (Z). Retain Longitudinal Modified Dates: shifted by the patient's offset
// like Study Date (PS3.15 E.3.6), so no real date sits beside the shifted ones. Full Dates: kept.
import { describe, expect, it } from 'vitest';
import {
  DATE,
  hexOf,
  originalOf,
  run,
  SECONDARY_REVIEW_DATE,
  SECONDARY_REVIEW_TIME,
  shifted,
  STUDY_DATE,
  STUDY_TIME,
  STUDY_UPDATE_DATETIME,
  text,
  TIME,
  UNLISTED,
  value,
} from './unlistedDateFile.js';

describe('dates and times Table E.1-1 does not list', () => {
  it('are found in the dictionary: Study Update DateTime, Secondary Review Date and Time, DICONDE and DICOS dates', () => {
    const tags = UNLISTED.map(({ tag }) => tag);
    expect(tags).toEqual(
      expect.arrayContaining([
        STUDY_UPDATE_DATETIME,
        SECONDARY_REVIEW_DATE,
        SECONDARY_REVIEW_TIME,
        0x00141020,
        0x40101025,
      ]),
    );
    expect(
      UNLISTED.some(({ vr }) => vr === 'DA') &&
        UNLISTED.some(({ vr }) => vr === 'DT') &&
        UNLISTED.some(({ vr }) => vr === 'TM'),
    ).toBe(true);
  });

  it('basic profile: emptied like Study Date (Z), top level and two deep, and reported as Mitate rules', async () => {
    const { top, nested, entries } = await run([]);
    for (const [where, elements] of [
      ['top', top],
      ['nested', nested],
    ] as const) {
      expect(text(elements, STUDY_DATE), `${where} Study Date`).toBe('');
      for (const { tag, vr } of UNLISTED) {
        const label = `${where} ${hexOf(tag)} ${vr}`;
        expect(
          elements.find((element) => element.tag === tag),
          label,
        ).toBeDefined();
        expect(text(elements, tag), label).toBe('');
      }
    }
    for (const { tag } of UNLISTED) {
      const entry = entries.filter((candidate) => candidate.tag === hexOf(tag));
      expect(entry.length, hexOf(tag)).toBeGreaterThan(0);
      for (const each of entry) {
        expect(each.action, hexOf(tag)).toBe('emptied');
        expect(each.reason.source, hexOf(tag)).toBe('Mitate');
      }
    }
  });

  it('Retain Longitudinal Modified Dates: every unlisted DA and DT shifted by the same offset as Study Date, times kept', async () => {
    const { top, nested, offset, entries } = await run(['retainLongitudinalModifiedDates']);
    expect(offset).not.toBe(0);
    for (const [where, elements] of [
      ['top', top],
      ['nested', nested],
    ] as const) {
      expect(text(elements, STUDY_DATE), `${where} Study Date`).toBe(shifted(DATE, offset));
      expect(text(elements, STUDY_TIME), `${where} Study Time`).toBe(TIME);
      for (const { tag, vr } of UNLISTED) {
        const label = `${where} ${hexOf(tag)} ${vr}`;
        const expected =
          vr === 'DA'
            ? shifted(DATE, offset)
            : vr === 'DT'
              ? `${shifted(DATE, offset)}101112`
              : TIME;
        expect(text(elements, tag), label).toBe(expected);
      }
    }
    const studyUpdate = entries.find((entry) => entry.tag === hexOf(STUDY_UPDATE_DATETIME))!;
    expect(studyUpdate.action).toBe('dateShifted');
    expect(studyUpdate.reason).toMatchObject({
      source: 'Mitate',
      option: 'retainLongitudinalModifiedDates',
    });
  });

  it('Retain Longitudinal Full Dates: every unlisted date and time kept, like Study Date', async () => {
    const { top, nested } = await run(['retainLongitudinalFullDates']);
    for (const [where, elements] of [
      ['top', top],
      ['nested', nested],
    ] as const) {
      expect(text(elements, STUDY_DATE), `${where} Study Date`).toBe(DATE);
      for (const { tag, vr } of UNLISTED)
        expect(text(elements, tag), `${where} ${hexOf(tag)} ${vr}`).toBe(originalOf(vr));
    }
  });

  it('other options leave them as the basic profile does (emptied)', async () => {
    const { top, nested } = await run(['retainDeviceIdentity', 'cleanDescriptors']);
    for (const elements of [top, nested])
      for (const { tag } of UNLISTED) expect(text(elements, tag), hexOf(tag)).toBe('');
  });
});

describe("DICONDE gain calibration date and time: a device's, like Date and Time of Last Calibration", () => {
  const GAIN_DATE = 0x00143076;
  const GAIN_TIME = 0x00143077;
  const extra = [value(GAIN_DATE, 'DA', DATE), value(GAIN_TIME, 'TM', TIME)];
  const cases: {
    options: string[];
    date: (days: number) => string | undefined;
    time: string | undefined;
  }[] = [
    { options: [], date: () => undefined, time: undefined },
    { options: ['retainDeviceIdentity'], date: () => DATE, time: TIME },
    { options: ['retainLongitudinalFullDates'], date: () => DATE, time: TIME },
    {
      options: ['retainLongitudinalModifiedDates'],
      date: (days) => shifted(DATE, days),
      time: TIME,
    },
    // Clean (shift) wins over keep when both options name the row.
    {
      options: ['retainDeviceIdentity', 'retainLongitudinalModifiedDates'],
      date: (days) => shifted(DATE, days),
      time: TIME,
    },
  ];
  for (const { options, date, time } of cases) {
    it(`${options.join('+') || 'basic'}: top level and two deep`, async () => {
      const { top, nested, offset } = await run(options, extra);
      for (const elements of [top, nested]) {
        expect(text(elements, GAIN_DATE)).toBe(date(offset));
        expect(text(elements, GAIN_TIME)).toBe(time);
      }
    });
  }
});
