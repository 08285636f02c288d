import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  datePattern,
  dicomDateOfInput,
  formatDateTime,
  formatDicomDate,
} from '../../../../renderer/format/dates.js';
import { repoRoot } from '../../../support/paths.js';

const ISO = '2026-03-04T05:06:07Z';
type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

/** The time's own fields in the machine's zone, two digits each: what the reader's clock says. */
function local(iso: string): Record<Field, string> {
  const time = new Date(iso);
  const two = (value: number): string => String(value).padStart(2, '0');
  return {
    year: String(time.getFullYear()),
    month: two(time.getMonth() + 1),
    day: two(time.getDate()),
    hour: two(time.getHours()),
    minute: two(time.getMinutes()),
    second: two(time.getSeconds()),
  };
}

describe('one date format per locale', () => {
  it('Japanese: yyyy/mm/dd for DICOM dates and times alike, 24-hour HH:mm', () => {
    const { year, month, day, hour, minute, second } = local(ISO);
    expect(formatDicomDate('20260304', 'ja')).toBe('2026/03/04');
    expect(formatDateTime(ISO, 'ja')).toBe(`${year}/${month}/${day} ${hour}:${minute}`);
    expect(formatDateTime(ISO, 'ja', ISO, true)).toBe(
      `${year}/${month}/${day} ${hour}:${minute}:${second}`,
    );
    expect(datePattern('ja')).toBe('yyyy/mm/dd');
  });

  it('English: ISO 8601 yyyy-mm-dd for both, 24-hour HH:mm', () => {
    const { year, month, day, hour, minute } = local(ISO);
    expect(formatDicomDate('20260304', 'en')).toBe('2026-03-04');
    expect(formatDateTime(ISO, 'en')).toBe(`${year}-${month}-${day} ${hour}:${minute}`);
    expect(datePattern('en')).toBe('yyyy-mm-dd');
  });

  it('reads an offset, so the same instant written in two zones shows the same', () => {
    expect(formatDateTime('2026-03-04T14:06:07+09:00', 'ja')).toBe(formatDateTime(ISO, 'ja'));
  });

  it('gives back what is not a date or time as it is, or what the caller asks for instead', () => {
    expect(formatDicomDate('2026', 'ja')).toBe('2026');
    expect(formatDicomDate('', 'en')).toBe('');
    expect(formatDateTime('not a time', 'ja')).toBe('not a time');
    expect(formatDateTime('not a time', 'ja', '')).toBe('');
    expect(formatDateTime(ISO, 'ja', '')).toBe(formatDateTime(ISO, 'ja'));
  });

  it('reads a typed date in either format, and nothing until it is complete', () => {
    expect(dicomDateOfInput('2001/01/31')).toBe('20010131');
    expect(dicomDateOfInput('2001-01-31')).toBe('20010131');
    expect(dicomDateOfInput('20010131')).toBe('20010131');
    expect(dicomDateOfInput('2001/01')).toBe('');
  });

  it('no other renderer file formats a date itself', () => {
    const offenders: string[] = [];
    const walk = (folder: string): void => {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (
          /\.tsx?$/.test(name) &&
          path !== join(repoRoot, 'renderer', 'format', 'dates.ts')
        ) {
          const text = readFileSync(path, 'utf8');
          if (
            /toLocale(Date|Time)String\(|DateTimeFormat|getFullYear\(|new Date\([^)]*\)\.toLocaleString/.test(
              text,
            )
          )
            offenders.push(relative(repoRoot, path));
        }
      }
    };
    walk(join(repoRoot, 'renderer'));
    expect(offenders).toEqual([]);
  });
});
