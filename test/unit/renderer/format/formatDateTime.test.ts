import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../../renderer/format/dateTime.js';

const ISO = '2026-03-04T05:06:07Z';

/** The time's own fields in the machine's zone, two digits each: what the reader's clock says. */
function local(iso: string): {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
} {
  const time = new Date(iso);
  const two = (value: number): string => String(value).padStart(2, '0');
  return {
    year: String(time.getFullYear()),
    month: two(time.getMonth() + 1),
    day: two(time.getDate()),
    hour: two(time.getHours()),
    minute: two(time.getMinutes()),
  };
}

describe('formatDateTime', () => {
  it('writes a time as Japanese readers write it: year/month/day and 24-hour time (hour unpadded) in the local zone', () => {
    const { year, month, day, hour, minute } = local(ISO);
    expect(formatDateTime(ISO, 'ja')).toBe(`${year}/${month}/${day} ${Number(hour)}:${minute}`);
  });

  it('writes a time day first in English, with a 24-hour clock', () => {
    const { year, month, day, hour, minute } = local(ISO);
    expect(formatDateTime(ISO, 'en')).toBe(`${day}/${month}/${year}, ${hour}:${minute}`);
  });

  it('reads an offset, so the same instant written in two zones shows the same', () => {
    expect(formatDateTime('2026-03-04T14:06:07+09:00', 'ja')).toBe(formatDateTime(ISO, 'ja'));
  });

  it('gives back what is not a time as it is, or what the caller asks for instead', () => {
    expect(formatDateTime('not a time', 'ja')).toBe('not a time');
    expect(formatDateTime('', 'en')).toBe('');
    // The header's sign-in time: nothing rather than the raw text.
    expect(formatDateTime('not a time', 'ja', '')).toBe('');
    // A valid time ignores the fallback.
    expect(formatDateTime(ISO, 'ja', '')).toBe(formatDateTime(ISO, 'ja'));
  });
});
