/**
 * Time stamps for the audit trail: local time with its UTC offset (ISO 8601), so one line says
 * both what the clinic's clock showed and the instant in UTC (MHLW guideline: records carry a
 * trustworthy time; PS3.15 A.5.1 EventDateTime is a full date-time with zone).
 *
 * The system clock is the source (kept by NTP on a managed workstation). What the log can check
 * itself is that time never runs backwards between entries: a step back (a user or a broken
 * NTP setting moving the clock) is written on the entry so an auditor sees it.
 */
export interface AuditTime {
  time: string;
  steppedBackMs?: number;
}

function pad(value: number, width = 2): string {
  return String(Math.trunc(Math.abs(value))).padStart(width, '0');
}

/** `2026-11-22T22:00:00.123+09:00` for the given instant in a zone `offsetMinutes` east of UTC. */
export function formatWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`
  );
}

/** The instant an audit time stamp stands for, in ms since the epoch (NaN if it is not one). */
export function parseAuditTime(text: string): number {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/.test(text)
    ? Date.parse(text)
    : Number.NaN;
}

export class AuditClock {
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  /** Continues after the newest entry already in the file. */
  resumeAfter(epochMs: number): void {
    if (Number.isFinite(epochMs)) this.last = Math.max(this.last, epochMs);
  }

  stamp(): AuditTime {
    const epochMs = this.now();
    // getTimezoneOffset is minutes west of UTC and follows the zone's daylight-saving rules.
    const time = formatWithOffset(epochMs, -new Date(epochMs).getTimezoneOffset());
    const steppedBackMs = epochMs < this.last ? this.last - epochMs : undefined;
    this.last = Math.max(this.last, epochMs);
    return steppedBackMs === undefined ? { time } : { time, steppedBackMs };
  }
}
