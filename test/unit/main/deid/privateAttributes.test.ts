// Private attributes (PS3.15 E.3.10): removed by default; under Retain Safe Private kept only where
// Table E.3.10-1 or the TCIA knowledge base says so, with UIDs replaced ("h") or dates shifted
// ("o") as the knowledge base asks, at the top level and inside a kept private sequence.
import { describe, expect, it } from 'vitest';
import {
  parseDicomFile,
  valueOf,
  type DataElement,
  encodeDicomFile,
  encodeText,
  type OutElement,
} from '../../../../main/dicom/index.js';
import { deidentifyInstance } from '../../../../main/deid/deidentifyInstance.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { ReportCollector } from '../../../../main/deid/deidReport.js';
import { SAFE_PRIVATE_TAGS } from '../../../../main/deid/tables/safePrivateTags.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 21));
const SYNTAX = { explicitVr: true, littleEndian: true };
const value = (tag: number, vr: string, text: string): OutElement => ({
  kind: 'value',
  tag,
  vr,
  value: encodeText(text, vr),
});
const PRIVATE_UID = '1.2.840.99999.1.2.3.4';

// Group 0009 with three creators: FDMS 1.0 (block 10), GEMS_PETD_01 (block 11), ACME (block 12).
const privateBlock = (): OutElement[] => [
  value(0x00090010, 'LO', 'FDMS 1.0'),
  value(0x00090011, 'LO', 'GEMS_PETD_01'),
  value(0x00090012, 'LO', 'ACME SECRET 1.0'),
  value(0x00091005, 'UI', PRIVATE_UID), // FDMS 1.0 05: TCIA "h"
  value(0x00091008, 'DA', '20200304'), // FDMS 1.0 08: TCIA "k", but written here as a date
  value(0x00091105, 'DT', '20200304101010'), // GEMS_PETD_01 05: TCIA "o"
  value(0x00091201, 'LO', 'DOE^JANE'), // ACME: nobody vouches for it
];

function file(): Uint8Array {
  const body: OutElement[] = [
    value(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    value(0x00080018, 'UI', '1.2.3.4.5.6'),
    ...privateBlock(),
    value(0x00100010, 'PN', 'DOE^JANE'),
    value(0x00100020, 'LO', 'ID-77'),
    // The same private block inside an item of a kept public sequence: the rules apply at depth.
    {
      kind: 'sequence',
      tag: 0x00081140,
      vr: 'SQ',
      undefinedLength: true,
      items: [
        {
          elements: [value(0x00081155, 'UI', '1.2.3.4.5.7'), ...privateBlock()].sort((a, b) =>
            a.kind === 'value' && b.kind === 'value' ? a.tag - b.tag : 0,
          ),
          undefinedLength: true,
          syntax: SYNTAX,
        },
      ],
    },
  ];
  body.sort((a, b) => (a.kind !== 'copy' && b.kind !== 'copy' ? a.tag - b.tag : 0));
  const meta: OutElement[] = [
    value(0x00020002, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    value(0x00020003, 'UI', '1.2.3.4.5.6'),
    value(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
  ];
  return Buffer.concat(encodeDicomFile(meta, body, SYNTAX, false));
}

async function run(
  options: string[],
): Promise<{ top: DataElement[]; nested: DataElement[]; offset: number }> {
  const result = await deidentifyInstance({
    file: parseDicomFile(file()),
    options: new Set(options),
    keys,
    report: new ReportCollector(),
    uidMap: new Map(),
  });
  const top = parseDicomFile(Buffer.concat(result.chunks)).body;
  return {
    top,
    nested: top.find((element) => element.tag === 0x00081140)!.items![0]!.elements,
    offset: result.dateOffsetDays,
  };
}

const text = (elements: DataElement[], tag: number): string | undefined => {
  const element = elements.find((candidate) => candidate.tag === tag);
  return element === undefined
    ? undefined
    : Buffer.from(valueOf(element))
        .toString('latin1')
        .replace(/[\0 ]+$/, '');
};

describe('private attributes', () => {
  it('the knowledge base entries used here say what the test assumes', () => {
    expect(SAFE_PRIVATE_TAGS.get('0009:FDMS 1.0:05')).toBe('TCIA:h');
    expect(SAFE_PRIVATE_TAGS.get('0009:GEMS_PETD_01:05')).toBe('TCIA:o');
    expect(SAFE_PRIVATE_TAGS.has('0009:ACME SECRET 1.0:01')).toBe(false);
  });

  it('are all removed, creators too, without Retain Safe Private', async () => {
    const { top, nested } = await run(['retainLongitudinalModifiedDates']);
    for (const elements of [top, nested])
      expect(elements.filter((element) => element.tag >>> 16 === 0x0009)).toEqual([]);
  });

  it('under Retain Safe Private: "h" UIDs replaced, "o" dates shifted, others removed, at any depth', async () => {
    const { top, nested, offset } = await run([
      'retainSafePrivate',
      'retainLongitudinalModifiedDates',
    ]);
    const shifted = new Date(Date.UTC(2020, 2, 4) + offset * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replace(/-/g, '');
    for (const elements of [top, nested]) {
      expect(text(elements, 0x00091005)).toBe(keys.uid(PRIVATE_UID));
      expect(text(elements, 0x00091105)).toBe(`${shifted}101010`);
      // A date in a "keep" attribute is shifted too: unshifted, it would give away the offset.
      expect(text(elements, 0x00091008)).toBe(shifted);
      expect(text(elements, 0x00091201)).toBeUndefined();
      expect(text(elements, 0x00090010)).toBe('FDMS 1.0');
      expect(text(elements, 0x00090012)).toBeUndefined();
    }
  });

  it('under Retain Safe Private alone, an "o" date goes, and so does a date in a "keep" attribute: its dates cannot be kept unshifted', async () => {
    const { top } = await run(['retainSafePrivate']);
    expect(text(top, 0x00091105)).toBeUndefined();
    expect(text(top, 0x00091008)).toBeUndefined();
    expect(text(top, 0x00091005)).toBe(keys.uid(PRIVATE_UID));
  });
});
