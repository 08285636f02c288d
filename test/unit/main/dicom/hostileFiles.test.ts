/**
 * The DICOM header reader (main/dicom/readHeader.ts) against mutated copies of real test files:
 * truncated, bytes flipped, element lengths made wrong or huge, VRs replaced, sequences nested
 * thousands deep, a deflate bomb. Every read must end (no hang), return one of the reader's
 * result kinds with a reason code (never throw, never echo file content), and keep memory
 * bounded. Mutations come from a seeded generator, so a failure names its case.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { constants, deflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHeader, type HeaderResult } from '../../../../main/dicom/readHeader.js';
import { testData } from '../../../support/paths.js';
import { seededRandom } from '../seededRandom.js';

const SEED = 20261122;
const HANG_MS = 10_000;
/** Whatever the file claims, reading one header may not hold more than this much extra memory. */
const MEMORY_BUDGET_BYTES = 400 * 1024 * 1024;
const KINDS = ['instance', 'not-dicom', 'broken', 'dicomdir', 'zip'];
const REASONS = ['truncated', 'missing-uids', 'unreadable'];

const SEEDS = [
  'japanese-names/utf8.dcm',
  'japanese-names/ir87.dcm',
  'ct-transfer-syntaxes-cornerstone/CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm',
  'ct-transfer-syntaxes-cornerstone/CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm',
  'ct-transfer-syntaxes-cornerstone/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm',
  'mr-transfer-syntaxes-dcm_qa_ts/1.dcm',
];
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);

interface Field {
  /** Offset and size of the element's length field, and of its VR (explicit VR only). */
  lengthAt: number;
  lengthSize: 2 | 4;
  vrAt?: number;
  bigEndian: boolean;
}

/** Where each element's length (and VR) sits, from a real parse of the unmutated file. */
function fieldsOf(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const bigEndian = dataSet.string('x00020010') === '1.2.840.10008.1.2.2';
  const explicit = dataSet.string('x00020010') !== '1.2.840.10008.1.2';
  for (const [tag, element] of Object.entries(dataSet.elements)) {
    const meta = tag.startsWith('x0002');
    const isExplicit = meta || explicit;
    const vr = isExplicit
      ? String.fromCharCode(
          bytes[element.dataOffset - (LONG_LENGTH_VRS.has(element.vr ?? '') ? 8 : 4)]!,
          bytes[element.dataOffset - (LONG_LENGTH_VRS.has(element.vr ?? '') ? 7 : 3)]!,
        )
      : '';
    const long = !isExplicit || LONG_LENGTH_VRS.has(vr);
    fields.push({
      lengthAt: element.dataOffset - (long ? 4 : 2),
      lengthSize: long ? 4 : 2,
      ...(isExplicit ? { vrAt: element.dataOffset - (long ? 8 : 4) } : {}),
      bigEndian: bigEndian && !meta,
    });
  }
  return fields;
}

function headerEnd(bytes: Uint8Array): number {
  const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const pixel = dataSet.elements['x7fe00010'];
  return Math.min(bytes.length, (pixel?.dataOffset ?? bytes.length) + 1024);
}

interface Case {
  name: string;
  bytes: Uint8Array;
}

function mutations(seedName: string, original: Uint8Array, random: () => number): Case[] {
  const end = headerEnd(original);
  const base = original.slice(0, end);
  const cases: Case[] = [{ name: `${seedName} whole`, bytes: original }];
  for (let i = 0; i < 25; i++) {
    const at = i < 10 ? Math.floor((i * end) / 10) : 132 + Math.floor(random() * (end - 132));
    cases.push({ name: `${seedName} cut at ${at}`, bytes: base.slice(0, at) });
  }
  for (let i = 0; i < 50; i++) {
    const bytes = base.slice();
    const count = 1 + Math.floor(random() * 4);
    for (let j = 0; j < count; j++)
      bytes[132 + Math.floor(random() * (end - 132))] = Math.floor(random() * 256);
    cases.push({ name: `${seedName} flip #${i}`, bytes });
  }
  const fields = fieldsOf(original);
  for (const [index, field] of fields.entries()) {
    if (index > 40) break;
    for (const length of field.lengthSize === 4
      ? [0xffffffff, 0xfffffff0, 0x7fffffff, 1]
      : [0xffff, 0xfffe, 1]) {
      const bytes = base.slice();
      const view = new DataView(bytes.buffer);
      if (field.lengthSize === 4) view.setUint32(field.lengthAt, length, !field.bigEndian);
      else view.setUint16(field.lengthAt, length, !field.bigEndian);
      cases.push({ name: `${seedName} element ${index} length ${length}`, bytes });
    }
    if (field.vrAt !== undefined) {
      for (const vr of ['SQ', 'UN', 'OB', 'XX']) {
        const bytes = base.slice();
        bytes[field.vrAt] = vr.charCodeAt(0);
        bytes[field.vrAt + 1] = vr.charCodeAt(1);
        cases.push({ name: `${seedName} element ${index} VR ${vr}`, bytes });
      }
    }
  }
  return cases;
}

/** A Part 10 file: preamble, meta group (explicit VR LE), then `body` in the given syntax. */
function part10(transferSyntax: string, body: Uint8Array): Uint8Array {
  const element = (group: number, elementNo: number, vr: string, value: Uint8Array): Uint8Array => {
    const long = LONG_LENGTH_VRS.has(vr);
    const out = new Uint8Array((long ? 12 : 8) + value.length);
    const view = new DataView(out.buffer);
    view.setUint16(0, group, true);
    view.setUint16(2, elementNo, true);
    out[4] = vr.charCodeAt(0);
    out[5] = vr.charCodeAt(1);
    if (long) view.setUint32(8, value.length, true);
    else view.setUint16(6, value.length, true);
    out.set(value, long ? 12 : 8);
    return out;
  };
  const uid = (text: string) =>
    new TextEncoder().encode(text.length % 2 === 0 ? text : `${text}\0`);
  const meta = concat([
    element(0x0002, 0x0002, 'UI', uid('1.2.840.10008.5.1.4.1.1.7')),
    element(0x0002, 0x0003, 'UI', uid('1.2.3.4')),
    element(0x0002, 0x0010, 'UI', uid(transferSyntax)),
  ]);
  const groupLength = element(
    0x0002,
    0x0000,
    'UL',
    new Uint8Array(new Uint32Array([meta.length]).buffer),
  );
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, meta, body]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Sequences nested `depth` deep, undefined lengths, explicit VR LE (a private tag). */
function deepNesting(depth: number): Uint8Array {
  const open = new Uint8Array([
    0x09, 0x00, 0x10, 0x10, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff,
    0xff, 0xff, 0xff,
  ]);
  const close = new Uint8Array([
    0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0,
  ]);
  const body = new Uint8Array(depth * (open.length + close.length));
  for (let i = 0; i < depth; i++) body.set(open, i * open.length);
  for (let i = 0; i < depth; i++) body.set(close, depth * open.length + i * close.length);
  return part10('1.2.840.10008.1.2.1', body);
}

/**
 * A deflated data set that inflates to `megabytes` MB of zeros. One megabyte of zeros is
 * compressed once, sync-flushed so that it ends on a byte boundary, and repeated: a valid raw
 * deflate stream of about 1 KB per MB.
 */
function deflateBomb(megabytes: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), {
    level: 9,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  const final = deflateRawSync(Buffer.alloc(0));
  return part10(
    '1.2.840.10008.1.2.1.99',
    concat([...Array.from({ length: megabytes }, () => block), final]),
  );
}

let dir: string;
let peakExtra = 0;
const results = new Map<string, number>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mitate-dicom-fuzz-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readWithin(kase: Case, index: number): Promise<HeaderResult> {
  const file = join(dir, `case-${index}.dcm`);
  await writeFile(file, kase.bytes);
  const before = process.memoryUsage();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${kase.name}: no result within ${HANG_MS} ms`)),
      HANG_MS,
    );
  });
  try {
    const result = await Promise.race([readHeader(file, kase.bytes.length), hang]);
    const after = process.memoryUsage();
    peakExtra = Math.max(
      peakExtra,
      after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
    );
    return result;
  } finally {
    clearTimeout(timer);
    await rm(file, { force: true });
  }
}

function expectClearResult(result: HeaderResult, name: string): void {
  expect(KINDS, name).toContain(result.kind);
  if (result.kind === 'broken') expect(REASONS, name).toContain(result.reason);
  results.set(
    result.kind === 'broken' ? `broken:${result.reason}` : result.kind,
    (results.get(result.kind === 'broken' ? `broken:${result.reason}` : result.kind) ?? 0) + 1,
  );
}

describe('DICOM reader fuzzing', () => {
  it.each(SEEDS)('%s: mutated copies give a clear result, no crash, no hang', async (seedName) => {
    const original = new Uint8Array(await readFile(testData(seedName)));
    const cases = mutations(seedName, original, seededRandom(SEED ^ seedName.length));
    expect(cases.length).toBeGreaterThan(100);
    for (const [index, kase] of cases.entries())
      expectClearResult(await readWithin(kase, index), kase.name);
    // The unmutated file still reads as an instance: the harness did not break the seed.
    expect((await readWithin(cases[0]!, -1)).kind).toBe('instance');
  });

  it('sequences nested 20 000 deep end in a clear result', async () => {
    expectClearResult(
      await readWithin({ name: 'deep nesting', bytes: deepNesting(20_000) }, 0),
      'deep nesting',
    );
  });

  it('a deflate bomb (a few KB claiming 2 GB) is refused as unreadable, without holding the gigabytes', async () => {
    const bomb = deflateBomb(2048);
    expect(bomb.length).toBeLessThan(4 * 1024 * 1024);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const result = await readWithin({ name: 'deflate bomb', bytes: bomb }, 0);
    expect(result).toEqual({ kind: 'broken', reason: 'unreadable' });
    // maxRSS is the process's peak: inflating the bomb in full would raise it by gigabytes.
    expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(MEMORY_BUDGET_BYTES);
  });

  it('a real deflated file longer than the first read chunk is read in full (found by fuzzing)', async () => {
    const file = join(dir, 'deflated-large.dcm');
    const converted = spawnSync('dcmconv', [
      '+td',
      testData(
        'mr-head-t1-siemens-xa30-enhanced/0001_1.3.12.2.1107.5.2.43.67093.2022071112080825794102791.dcm',
      ),
      file,
    ]);
    expect(converted.status, 'dcmconv (dcmtk) must be installed').toBe(0);
    const bytes = new Uint8Array(await readFile(file));
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    const result = await readWithin({ name: 'large deflated', bytes }, 0);
    expect(result.kind).toBe('instance');
  });

  it('held memory stayed bounded over every case', () => {
    expect(peakExtra).toBeLessThan(MEMORY_BUDGET_BYTES);
    // Most mutations are still readable or recognisably broken; none was silently "not DICOM" by a crash.
    expect(results.get('instance') ?? 0).toBeGreaterThan(0);
    expect([...results.keys()].some((key) => key.startsWith('broken:'))).toBe(true);
  });
});
