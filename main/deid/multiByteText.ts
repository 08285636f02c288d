/**
 * Cleaning (action C) of text in a multi-byte character set: an identifying value is taken out
 * only where it starts and ends between characters, so no byte of a two-byte character is left
 * alone (in ISO 2022 IR 87 a lone half can be 0x5C, a backslash that splits the value), and where
 * the cut changes the repertoire (an escape sequence inside the cut text), the escape sequence
 * of what follows is written in its place so the rest is read as it was written.
 */
import { characterSpans } from '../dicom/index.js';

// ESC (0x1B) starts an ISO 2022 escape sequence: intermediate bytes 0x20-0x2F, one final byte.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /(\x1b[\x20-\x2f]*[\x30-\x7e])/;
/** G0 multi-byte designations (ESC $ B, ESC $ @, ESC $ ( D): the runs where 0x5C is half a character. */
// eslint-disable-next-line no-control-regex
const MULTI_BYTE_G0 = /^\x1b\$\(?[@-~]$/;
/** A G0 designation right before another one designates nothing (its run was cut out). */
// eslint-disable-next-line no-control-regex
const EMPTY_RUN = /\x1b(?:\$\(?[@-~]|\([@-~])(?=\x1b(?:\$\(?[@-~]|\([@-~]))/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Trims spaces and controls only: 0xA0 can be the second byte of a character here. */
function trimAscii(text: string): string {
  return text.replace(/^[\0\t\n\v\f\r ]+|[\0\t\n\v\f\r ]+$/g, '');
}

/**
 * The multi-byte runs of an identifying value written in ISO 2022, without their escape
 * sequences: a name written alone (ESC $ B 宮本 ESC ( B) is found again inside a longer run of
 * a description (ESC $ B 頭部宮本様 ESC ( B), where no escape precedes it.
 */
function runsOf(value: string): { bytes: string; designation: string }[] {
  const runs: { bytes: string; designation: string }[] = [];
  const parts = value.split(ESCAPE_SEQUENCE);
  for (let index = 1; index + 1 < parts.length; index += 2) {
    const designation = parts[index]!;
    const bytes = parts[index + 1]!;
    if (MULTI_BYTE_G0.test(designation) && bytes.length >= 2) runs.push({ bytes, designation });
  }
  return runs;
}

export function cleanMultiByteText(
  text: string,
  identifying: readonly string[],
  specificCharacterSet: string,
): string {
  let cleaned = text;
  const cut = (needle: string, flags: string, designation: string | undefined): void => {
    const pattern = new RegExp(escapeRegExp(needle), flags);
    if (!pattern.test(cleaned)) return;
    const spans = characterSpans(cleaned, specificCharacterSet);
    let out = '';
    let kept = 0;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(cleaned); match !== null; match = pattern.exec(cleaned)) {
      const start = match.index;
      const end = start + match[0].length;
      if (
        !spans.isBoundary(start) ||
        !spans.isBoundary(end) ||
        (designation !== undefined && spans.g0At(start) !== designation)
      ) {
        // Not whole characters of that repertoire: look again from the next byte.
        pattern.lastIndex = start + 1;
        continue;
      }
      out += cleaned.slice(kept, start) + spans.restore(start, end);
      kept = end;
    }
    cleaned = out + cleaned.slice(kept);
  };
  for (const value of identifying) {
    if (value.length < 2) continue;
    cut(value, 'gi', undefined);
    // Two-byte characters are matched exactly: ASCII case folding would turn them into others.
    for (const run of runsOf(value)) cut(run.bytes, 'g', run.designation);
  }
  return trimAscii(cleaned.replace(EMPTY_RUN, '').replace(/ {2,}/g, ' '));
}
