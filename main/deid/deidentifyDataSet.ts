/**
 * The recursion of the engine: applies PS3.15 Table E.1-1 to every element of a data set and of
 * every sequence item at any depth, and decides private elements (PS3.15 E.3.10). Returns the
 * output elements (untouched ones as byte copies) and records every decision in the report.
 */
import {
  encodeText,
  isKnownPublicTag,
  textOf,
  valueOf,
  vrOfTag,
  type DataElement,
  type DataItem,
  type OutElement,
  type OutItem,
} from '../dicom/index.js';
import {
  actionFor,
  isPrivateTag,
  profileRowOf,
  resolveComposite,
  TYPE1_DUMMY_INSTEAD_OF_REMOVAL,
} from './profileRules.js';
import { shiftDateValue } from './dateShift.js';
import {
  cleanText,
  dummyValue,
  isClassUid,
  mapUids,
  TEXT_VRS,
  unlistedTemporalRowIn,
  type DeidContext,
} from './deidValues.js';
import { safePrivateSource } from './safePrivateAttributes.js';
import type { DeidAction, DeidReason } from './deidReport.js';

const PATIENT_NAME = 0x00100010;
const PATIENT_ID = 0x00100020;
const CONTENT_SEQUENCE = 0x0040a730;
const BINARY_VRS = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);
/** Free text, names and code strings (CS stays: enumerated values, and layer names must still match). */
const DUMMY_TEXT_VRS = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']);
/** Attributes the table does not list are kept (PS3.15 E.1.1: the table lists what must change). */
const NOT_LISTED: DeidReason = { source: 'PS3.15 E.1-1', rule: 'not listed: kept' };

function keywordOf(tag: number): string | undefined {
  return isPrivateTag(tag) ? undefined : (profileRowOf(tag)?.keyword ?? undefined);
}

function reasonOfRow(rule: string, option?: string): DeidReason {
  return option === undefined
    ? { source: 'PS3.15 E.1-1', rule }
    : { source: 'PS3.15 E.1-1', rule, option };
}

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

/** Applies the profile to the elements of one data set (top level or a sequence item). */
/**
 * Where a data set sits: 'content' inside an SR Content Sequence (its codes stay; Text Value follows its own row, beyondTable.ts),
 * 'dummy' inside a sequence the table replaces with dummy values (D: every unlisted free-text,
 * name or code string becomes a dummy, so a Person Identification Code Sequence keeps no code
 * that names a person), 'plain' elsewhere.
 */
export type Scope = 'plain' | 'content' | 'dummy';

export function deidentifyElements(
  elements: readonly DataElement[],
  context: DeidContext,
  nested: boolean,
  scope: Scope = 'plain',
): OutElement[] {
  const out: OutElement[] = [];
  const creators = creatorsOf(elements);
  const keptPrivateBlocks = new Set<number>();
  const record = (element: DataElement, action: DeidAction, reason: DeidReason): void =>
    context.report.add(element.tag, keywordOf(element.tag), action, reason, nested);

  const privateResults = new Map<DataElement, OutElement | null>();
  for (const element of elements) {
    if (!isPrivateTag(element.tag)) continue;
    const low = element.tag & 0xffff;
    if (low < 0x1000) continue; // creators (0010-00FF) and group length: decided below
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
      safeSource !== undefined ? keptPrivate(element, safeSource, context, scope) : undefined;
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

  for (const element of elements) {
    const tag = element.tag;
    const group = tag >>> 16;
    const low = tag & 0xffff;
    if (low === 0) {
      // Group lengths (gggg,0000) are retired in data sets (PS3.5 §7.2) and would be wrong after editing.
      record(element, 'removed', { source: 'Mitate', rule: 'group length' });
      continue;
    }
    if (isPrivateTag(tag)) {
      if (low >= 0x10 && low <= 0xff) {
        if (keptPrivateBlocks.has((group << 8) | low)) out.push({ kind: 'copy', element });
        else record(element, 'removed', reasonOfRow(profileRowOf(tag)!.basic));
        continue;
      }
      const result = privateResults.get(element);
      if (result) out.push(result);
      else if (result === undefined) record(element, 'removed', reasonOfRow('X'));
      continue;
    }
    const vr = element.vr === 'UN' ? (vrOfTag(tag) ?? 'UN') : element.vr;

    if ((group & 0xff01) === 0x6000) {
      // Overlays (PS3.3 C.9.2): Table E.1-1 removes Overlay Data and Comments (and "cleans" them
      // under Clean Graphics, which we cannot show is safe); the rest of the group describes data
      // that is gone, so the whole group goes with it and the Overlay Plane Module stays valid.
      // Every even 60xx group goes, not only 6000-601E: an out-of-range one is still an overlay.
      record(
        element,
        'removed',
        reasonOfRow('X', context.options.has('cleanGraphics') ? 'cleanGraphics' : undefined),
      );
      continue;
    }

    if (tag === PATIENT_NAME || tag === PATIENT_ID) {
      // The rule: a stable pseudonym, so a result can be matched to its patient at home.
      out.push({
        kind: 'value',
        tag,
        vr: element.vr === 'UN' ? 'UN' : vr,
        value: encodeText(context.patientPseudonym, vr),
      });
      record(element, 'pseudonym', reasonOfRow(tag === PATIENT_NAME ? 'Z' : 'Z/D'));
      continue;
    }

    const row = profileRowOf(tag) ?? unlistedTemporalRowIn(tag, vr);
    if (row === undefined) {
      if (group === 0x0000 || group === 0x0002 || group === 0x0004) {
        // Command (PS3.7 §E.1), File Meta (PS3.10 §7.1) and Directory (PS3.10 §8) elements have no
        // place in an instance; stored there they name the sending site (Move Originator or
        // Source AE Title) or the patient (a file-set ID, a Referenced File ID's folder names).
        record(element, 'removed', {
          source: 'Mitate',
          rule: 'command, file meta or directory element inside the data set',
        });
        continue;
      }
      if (!isKnownPublicTag(tag)) {
        // Not in the data dictionary: its meaning is unknown, so it cannot be shown to be safe.
        record(element, 'removed', { source: 'Mitate', rule: 'unknown attribute' });
        continue;
      }
      if (element.items) {
        out.push(recurseSequence(element, context, element.vr, scope));
        record(element, 'kept', NOT_LISTED);
        continue;
      }
      if (vr === 'UI') {
        const value = textOf(element);
        // Under Retain UIDs every UID stays (PS3.15 E.3.4); otherwise an instance UID the table does not list is replaced like the listed ones.
        if (
          value !== '' &&
          !context.options.has('retainUIDs') &&
          !value.split('\\').every((uid) => isClassUid(tag, uid))
        ) {
          out.push({
            kind: 'value',
            tag,
            vr: element.vr,
            value: encodeText(mapUids(value, context), 'UI'),
          });
          record(element, 'uidReplaced', {
            source: 'Mitate',
            rule: 'instance UID outside the table',
          });
          continue;
        }
      }
      if (vr === 'PN') {
        // Every person name of the dictionary the table lists is X, Z or D; one it misses (a retired
        // attribute, a new one) is still a person's name (PS3.15 E.1.1: the profile is a minimum).
        record(element, 'removed', { source: 'Mitate', rule: 'person name outside the table' });
        continue;
      }
      if (scope === 'dummy' && DUMMY_TEXT_VRS.has(vr)) {
        out.push({
          kind: 'value',
          tag,
          vr: element.vr === 'UN' ? 'UN' : vr,
          value: dummyValue(vr),
        });
        record(element, 'dummy', {
          source: 'PS3.15 E.1-1',
          rule: 'D (inside a sequence replaced with dummy values)',
        });
        continue;
      }
      out.push({ kind: 'copy', element });
      record(element, 'kept', NOT_LISTED);
      continue;
    }

    const resolved = actionFor(row, context.options);
    let action = resolved.action;
    const beyond = row.tag.startsWith('unlisted') ? row.name : 'beyond Table E.1-1';
    const reason =
      row.source === 'Mitate'
        ? { ...reasonOfRow(`${row.basic} (${beyond})`, resolved.option), source: 'Mitate' as const }
        : reasonOfRow(row.basic, resolved.option);
    if (action.includes('/'))
      action = resolveComposite(action, tag, element.items !== undefined || vr === 'SQ');

    if (element.items !== undefined || vr === 'SQ') {
      if (action === 'X') {
        record(element, 'removed', reason);
      } else if (action === 'Z') {
        out.push({
          kind: 'sequence',
          tag,
          vr: element.vr,
          undefinedLength: element.length === 0xffffffff,
          items: [],
        });
        record(element, 'emptied', reason);
      } else if (action === 'C' && /^(50|60)/.test(row.tag)) {
        record(element, 'removed', {
          ...reason,
          rule: 'C (graphics cannot be shown free of text: removed)',
        });
      } else {
        // D, K, C and U* keep the sequence and de-identify every item, at any depth.
        const inner: Scope =
          scope === 'dummy'
            ? 'dummy'
            : tag === CONTENT_SEQUENCE
              ? 'content'
              : action === 'D'
                ? 'dummy'
                : scope;
        out.push(recurseSequence(element, context, element.vr, inner));
        record(
          element,
          action === 'K' ? 'kept' : action === 'U*' ? 'uidReplaced' : 'cleaned',
          reason,
        );
      }
      continue;
    }

    switch (action) {
      case 'X':
        if (TYPE1_DUMMY_INSTEAD_OF_REMOVAL.has(tag)) {
          out.push({
            kind: 'value',
            tag,
            vr: element.vr === 'UN' ? 'UN' : vr,
            value: dummyValue(vr),
          });
          record(element, 'dummy', { ...reason, rule: 'X (Type 1 in its IOD: dummy instead)' });
          break;
        }
        record(element, 'removed', reason);
        break;
      case 'Z':
        out.push({ kind: 'value', tag, vr: element.vr, value: new Uint8Array(0) });
        record(element, 'emptied', reason);
        break;
      case 'D':
        if (vr === 'UI') {
          out.push({
            kind: 'value',
            tag,
            vr: element.vr,
            value: encodeText(mapUids(textOf(element) || 'dummy', context), 'UI'),
          });
          record(element, 'uidReplaced', reason);
        } else {
          out.push({
            kind: 'value',
            tag,
            vr: element.vr === 'UN' ? 'UN' : vr,
            value: dummyValue(vr),
          });
          record(element, 'dummy', reason);
        }
        break;
      case 'K':
        out.push({ kind: 'copy', element });
        record(element, 'kept', reason);
        break;
      case 'U': {
        out.push({
          kind: 'value',
          tag,
          vr: element.vr,
          value: encodeText(mapUids(textOf(element), context), 'UI'),
        });
        record(element, 'uidReplaced', reason);
        break;
      }
      case 'C':
        cleanElement(element, vr, resolved.option, row.tag, context, out, reason, record);
        break;
      default:
        throw new Error(`unhandled profile action ${action}`);
    }
  }
  return out;
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
  scope: Scope,
): { out: OutElement; action: DeidAction } | undefined {
  if (element.items)
    return { out: recurseSequence(element, context, element.vr, scope), action: 'kept' };
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

function cleanElement(
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
        : cleanText(original, context.identifyingTexts) || (original === '' ? '' : 'REMOVED');
    out.push({ kind: 'value', tag, vr: element.vr, value: encodeText(cleaned, vr) });
    record(element, 'cleaned', reason);
    return;
  }
  out.push({ kind: 'copy', element });
  record(element, 'kept', reason);
}

function recurseSequence(
  element: DataElement,
  context: DeidContext,
  vr: string,
  scope: Scope,
): OutElement {
  const items: OutItem[] = (element.items ?? []).map((item: DataItem) => ({
    elements: deidentifyElements(item.elements, context, true, scope),
    undefinedLength: item.undefinedLength,
    syntax: item.syntax,
  }));
  return {
    kind: 'sequence',
    tag: element.tag,
    vr,
    undefinedLength: element.length === 0xffffffff,
    items,
  };
}
