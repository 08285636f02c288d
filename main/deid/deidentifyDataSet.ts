/**
 * The recursion of the engine: applies PS3.15 Table E.1-1 to every element of a data set and of
 * every sequence item at any depth; private elements (PS3.15 E.3.10) are decided in
 * privateElements.ts and action C in cleanElement.ts. Returns the output elements (untouched ones
 * as byte copies) and records every decision in the report.
 */
import {
  encodeText,
  isKnownPublicTag,
  textOf,
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
  reasonOfRow,
  resolveComposite,
  TYPE1_DUMMY_INSTEAD_OF_REMOVAL,
} from './profileRules.js';
import { cleanElement } from './cleanElement.js';
import { isLocalCode, localCodeElement } from './codedDescriptions.js';
import {
  dummyValue,
  isClassUid,
  mapUids,
  unlistedTemporalRowIn,
  type DeidContext,
} from './deidValues.js';
import { decidePrivateElements } from './privateElements.js';
import { ENCAPSULATED_DOCUMENT, ENCAPSULATED_DOCUMENT_LENGTH } from './encapsulatedDocuments.js';
import type { DeidAction, DeidReason } from './deidReport.js';

const PATIENT_NAME = 0x00100010;
const PATIENT_ID = 0x00100020;
const CONTENT_SEQUENCE = 0x0040a730;
/** Free text, names and code strings (CS stays: enumerated values, and layer names must still match). */
const DUMMY_TEXT_VRS = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']);
/** Attributes the table does not list are kept (PS3.15 E.1.1: the table lists what must change). */
const NOT_LISTED: DeidReason = { source: 'PS3.15 E.1-1', rule: 'not listed: kept' };

function keywordOf(tag: number): string | undefined {
  return isPrivateTag(tag) ? undefined : (profileRowOf(tag)?.keyword ?? undefined);
}

/**
 * Where a data set sits: 'content' inside an SR Content Sequence (its codes stay; Text Value follows its own row, beyondTable.ts),
 * 'dummy' inside a sequence the table replaces with dummy values (D: every unlisted free-text,
 * name or code string becomes a dummy, so a Person Identification Code Sequence keeps no code
 * that names a person), 'plain' elsewhere.
 */
export type Scope = 'plain' | 'content' | 'dummy';

/** Applies the profile to the elements of one data set (top level or a sequence item). */
export function deidentifyElements(
  elements: readonly DataElement[],
  context: DeidContext,
  nested: boolean,
  scope: Scope = 'plain',
): OutElement[] {
  const out: OutElement[] = [];
  const record = (element: DataElement, action: DeidAction, reason: DeidReason): void =>
    context.report.add(element.tag, keywordOf(element.tag), action, reason, nested);
  const { privateResults, keptPrivateBlocks } = decidePrivateElements(
    elements,
    context,
    record,
    (element) => recurseSequence(element, context, element.vr, scope),
  );

  // A code of a local scheme: its meaning is the site's free text (codedDescriptions.ts).
  const localCode = nested && scope !== 'dummy' && isLocalCode(elements);

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
      // A stable pseudonym, so a result can be matched to its patient at home.
      out.push({
        kind: 'value',
        tag,
        vr: element.vr === 'UN' ? 'UN' : vr,
        value: encodeText(context.patientPseudonym, vr),
      });
      record(element, 'pseudonym', reasonOfRow(tag === PATIENT_NAME ? 'Z' : 'Z/D'));
      continue;
    }

    if (localCode) {
      const replaced = localCodeElement(element, vr, context, record);
      if (replaced !== undefined) {
        out.push(replaced);
        continue;
      }
    }

    if (tag === ENCAPSULATED_DOCUMENT || tag === ENCAPSULATED_DOCUMENT_LENGTH) {
      // Not D (a dummy is no document, and the length would lie): see encapsulatedDocuments.ts.
      record(element, 'removed', {
        source: 'Mitate',
        rule: 'encapsulated document cannot be shown clean',
      });
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

/** Specific Character Set (0008,0005) of a data set or item, when it gives one. */
export function characterSetOf(elements: readonly DataElement[]): string | undefined {
  const element = elements.find((candidate) => candidate.tag === 0x00080005);
  return element === undefined ? undefined : textOf(element);
}

/** An item may name its own character set (PS3.5 §7.5.3): its text is cleaned in that one. */
function itemContext(item: DataItem, context: DeidContext): DeidContext {
  const own = characterSetOf(item.elements);
  return own === undefined ? context : { ...context, characterSet: own };
}

function recurseSequence(
  element: DataElement,
  context: DeidContext,
  vr: string,
  scope: Scope,
): OutElement {
  const items: OutItem[] = (element.items ?? []).map((item: DataItem) => ({
    elements: deidentifyElements(item.elements, itemContext(item, context), true, scope),
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
