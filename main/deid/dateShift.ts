/**
 * Date shifting for the Retain Longitudinal Temporal Information with Modified Dates option
 * (PS3.15 E.3.6): every DA and DT of a patient moves by the same whole number of days, so
 * intervals survive; times of day are kept. Values are PS3.5 §6.2 DA (YYYYMMDD, or a range
 * "A-B", multi-valued with "\") and DT (YYYYMMDDHHMMSS.FFFFFF&ZZXX, truncatable).
 */
const DAY_MS = 86_400_000;
/** One DT value, which may end in a UTC offset "-0500" that is not a range separator. */
const SINGLE_DT = /^\d{4,14}(\.\d{1,6})?([+-]\d{4})?$/;
/** The rest of a DT after YYYYMMDD: HH, MM, SS.FFFFFF (each only after the one before), then &ZZXX. */
const DT_AFTER_DATE = /^(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?([+-]\d{4})?$/;

function shiftDate(date: string, days: number): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const original = new Date(0);
  original.setUTCFullYear(year, month - 1, day);
  // An impossible date (month 13, 30 February) is not a PS3.5 DA: JavaScript would roll it over
  // into a real one and shift that, so it is dropped (the caller empties it) instead.
  if (
    original.getUTCFullYear() !== year ||
    original.getUTCMonth() !== month - 1 ||
    original.getUTCDate() !== day
  )
    return undefined;
  const shifted = new Date(original.getTime() + days * DAY_MS);
  if (shifted.getUTCFullYear() < 1 || shifted.getUTCFullYear() > 9999) return undefined;
  return `${shifted.getUTCFullYear().toString().padStart(4, '0')}${(shifted.getUTCMonth() + 1).toString().padStart(2, '0')}${shifted.getUTCDate().toString().padStart(2, '0')}`;
}

/** Shifts one DA or DT value (all values and range ends); undefined when it is not a valid date. */
export function shiftDateValue(value: string, vr: 'DA' | 'DT', days: number): string | undefined {
  const shiftOne = (single: string): string | undefined => {
    if (single === '') return '';
    if (vr === 'DA') return shiftDate(single, days);
    // DT may be truncated to the year or month: only full dates can be shifted by days, so a
    // shorter value is dropped (undefined -> the caller empties it) rather than kept as is.
    if (single.length < 8) return undefined;
    // What follows the date must be a PS3.5 DT time and offset: anything else is not a DT, and
    // keeping it beside a shifted date could keep part of the original.
    if (!DT_AFTER_DATE.test(single.slice(8))) return undefined;
    const date = shiftDate(single.slice(0, 8), days);
    return date === undefined ? undefined : date + single.slice(8);
  };
  const out: string[] = [];
  for (const item of value.split('\\')) {
    const parts = vr === 'DT' && SINGLE_DT.test(item.trim()) ? [item] : item.split('-');
    if (parts.length > 2) return undefined;
    const shifted = parts.map((part) => shiftOne(part.trim()));
    if (shifted.some((part) => part === undefined)) return undefined;
    out.push(shifted.join('-'));
  }
  return out.join('\\');
}
