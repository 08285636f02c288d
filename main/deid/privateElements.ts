/**
 * Private elements (PS3.15 E.3.10): each is removed unless Retain Safe Private is chosen and its
 * creator and element are listed as safe, in which case it is kept the way the list says. A
 * private block's creator stays only while one of its elements does.
 */
import { encodeText, textOf, valueOf, type DataElement, type OutElement } from '../dicom/index.js';
import { actionFor, isPrivateTag, profileRowOf, reasonOfRow } from './profileRules.js';
import { shiftDateValue } from './dateShift.js';
import { mapUids, type DeidContext } from './deidValues.js';
import { safePrivateSource } from './safePrivateAttributes.js';
import type { DeidAction, DeidReason } from './deidReport.js';

/** Private creator of a private element (PS3.5 §7.8.1): the value of (gggg,00xx) in the same data set. */
function creatorsOf(elements: readonly DataElement[]): Map<number, string> {
  const creators = new Map<number, string>();
  for (const element of elements) {
    const low = element.tag & 0xffff;
    if (isPrivateTag(element.tag) && low >= 0x10 && low <= 0xff)
      creators.set(((element.tag >>> 16) << 8) | low, textOf(element).trim());
  }
  return creators;
}

/**
 * Decides every private element of one data set but its creators (0010-00FF) and group length,
 * which the caller decides: a creator stays when its block is in `keptPrivateBlocks`. A private
 * sequence kept is de-identified item by item through `recurse`, the caller's recursion.
 */
export function decidePrivateElements(
  elements: readonly DataElement[],
  context: DeidContext,
  record: (element: DataElement, action: DeidAction, reason: DeidReason) => void,
  recurse: (element: DataElement) => OutElement,
): { privateResults: Map<DataElement, OutElement | null>; keptPrivateBlocks: Set<number> } {
  const creators = creatorsOf(elements);
  const keptPrivateBlocks = new Set<number>();
  const privateResults = new Map<DataElement, OutElement | null>();
  for (const element of elements) {
    if (!isPrivateTag(element.tag)) continue;
    const low = element.tag & 0xffff;
    if (low < 0x1000) continue; // creators (0010-00FF) and group length: the caller decides
    const group = element.tag >>> 16;
    const block = (group << 8) | (low >>> 8);
    const creator = creators.get(block);
    const privateRow = profileRowOf(element.tag)!;
    const { action, option } = actionFor(privateRow, context.options);
    // Only Retain Safe Private (C) asks whether the attribute is listed as safe.
    const safeSource =
      action === 'C' && creator !== undefined
        ? safePrivateSource(group, creator, low & 0xff)
        : undefined;
    const kept =
      safeSource !== undefined ? keptPrivate(element, safeSource, context, recurse) : undefined;
    if (kept !== undefined) {
      keptPrivateBlocks.add(block);
      const source = safeSource === 'E.3.10-1' ? 'PS3.15 E.3.10-1' : 'TCIA private tag KB';
      record(element, kept.action, {
        source,
        rule: `safe private${safeSource === 'TCIA:h' ? ' (UIDs replaced)' : kept.action === 'dateShifted' ? ' (dates shifted)' : ''}`,
        option,
      });
      privateResults.set(element, kept.out);
    } else {
      record(
        element,
        'removed',
        reasonOfRow(action === 'C' ? 'X (not a safe private attribute)' : privateRow.basic, option),
      );
      privateResults.set(element, null);
    }
  }
  return { privateResults, keptPrivateBlocks };
}

/**
 * A safe private attribute as the TCIA knowledge base says to keep it: as is ("k"), with its UIDs
 * replaced like public ones ("h"), or with its dates shifted ("o"; only under Retain Longitudinal
 * Modified Dates, otherwise it goes). Undefined when it cannot be kept.
 */
function keptPrivate(
  element: DataElement,
  disposition: string,
  context: DeidContext,
  recurse: (element: DataElement) => OutElement,
): { out: OutElement; action: DeidAction } | undefined {
  if (element.items) return { out: recurse(element), action: 'kept' };
  // A value that starts like a sequence item (PS3.5 §7.5) but did not parse as one (items left in
  // explicit VR inside UN, say) may hold any attribute at all: it cannot be kept unread.
  if (startsWithItemTag(valueOf(element))) return undefined;
  if (disposition === 'TCIA:h') {
    const value = textOf(element);
    if (!/^[\d.\\ ]*$/.test(value)) return undefined;
    return {
      out: {
        kind: 'value',
        tag: element.tag,
        vr: element.vr,
        value: encodeText(mapUids(value, context), 'UI'),
      },
      action: 'uidReplaced',
    };
  }
  // A date in an attribute listed as safe to keep as is (a vendor writing a date where the list
  // expects another value) is handled like an "o" one: under Retain Longitudinal Modified Dates
  // an unshifted private date beside the shifted public ones would give away the patient's
  // offset (PS3.15 E.3.6), and without that option it is a real date.
  if (disposition === 'TCIA:o' || element.vr === 'DA' || element.vr === 'DT') {
    if (
      !context.options.has('retainLongitudinalModifiedDates') ||
      (element.vr !== 'DA' && element.vr !== 'DT')
    )
      return undefined;
    const shifted = shiftDateValue(textOf(element), element.vr, context.dateOffsetDays);
    return shifted === undefined
      ? undefined
      : {
          out: {
            kind: 'value',
            tag: element.tag,
            vr: element.vr,
            value: encodeText(shifted, element.vr),
          },
          action: 'dateShifted',
        };
  }
  return { out: { kind: 'copy', element }, action: 'kept' };
}

function startsWithItemTag(value: Uint8Array): boolean {
  if (value.length < 4) return false;
  const little = value[0] === 0xfe && value[1] === 0xff && value[2] === 0x00 && value[3] === 0xe0;
  const big = value[0] === 0xff && value[1] === 0xfe && value[2] === 0xe0 && value[3] === 0x00;
  return little || big;
}
