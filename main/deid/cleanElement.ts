/**
 * Action C of PS3.15 Table E.1-1 on one element that is not a sequence: dates shifted under Retain
 * Longitudinal Modified Dates, text cleaned of the instance's identifying values, and whatever
 * cannot be shown clean (graphics, binary values) removed.
 */
import { encodeText, textOf, vrOfTag, type DataElement, type OutElement } from '../dicom/index.js';
import { shiftDateValue } from './dateShift.js';
import { cleanText, TEXT_VRS, type DeidContext } from './deidValues.js';
import type { DeidAction, DeidReason } from './deidReport.js';

const BINARY_VRS = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);

/** Applies action C to one element, pushing what stays to `out` and recording the decision. */
export function cleanElement(
  element: DataElement,
  vr: string,
  option: string | undefined,
  rowTag: string,
  context: DeidContext,
  out: OutElement[],
  reason: DeidReason,
  record: (element: DataElement, action: DeidAction, reason: DeidReason) => void,
): void {
  const tag = element.tag;
  if (option === 'retainLongitudinalModifiedDates' && (vr === 'DA' || vr === 'DT')) {
    const shifted = shiftDateValue(textOf(element), vr, context.dateOffsetDays);
    out.push({ kind: 'value', tag, vr: element.vr, value: encodeText(shifted ?? '', vr) });
    record(element, shifted === undefined ? 'emptied' : 'dateShifted', reason);
    return;
  }
  if (option === 'retainLongitudinalModifiedDates' && vr === 'TM') {
    // Whole-day shifts keep the time of day (PS3.15 E.3.6 allows keeping times when dates move).
    out.push({ kind: 'copy', element });
    record(element, 'kept', reason);
    return;
  }
  if (/^(50|60)/.test(rowTag)) {
    // Curves and overlays may carry burned-in text; we cannot show they do not, so they go.
    record(element, 'removed', {
      ...reason,
      rule: 'C (graphics cannot be shown free of text: removed)',
    });
    return;
  }
  if (BINARY_VRS.has(vr)) {
    // A binary value (a maker note, a signed timestamp) cannot be shown clean: it goes.
    record(element, 'removed', { ...reason, rule: 'C (binary value cannot be cleaned: removed)' });
    return;
  }
  // A text attribute written with a VR that is not text (a converter's "DS" or "XX" on a
  // description) is still text: cleaned as text, never copied as it is.
  if (TEXT_VRS.has(vr) || TEXT_VRS.has(vrOfTag(tag) ?? '')) {
    const original = textOf(element);
    // A Type 1 text (an RT Plan Label, an SR Text Value) must not end up empty.
    const cleaned =
      vr === 'PN'
        ? ''
        : cleanText(original, context.identifyingTexts, context.characterSet) ||
          (original === '' ? '' : 'REMOVED');
    out.push({ kind: 'value', tag, vr: element.vr, value: encodeText(cleaned, vr) });
    record(element, 'cleaned', reason);
    return;
  }
  out.push({ kind: 'copy', element });
  record(element, 'kept', reason);
}
