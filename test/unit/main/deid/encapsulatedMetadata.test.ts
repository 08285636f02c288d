// Metadata inside compressed frames: EXIF, XMP, IPTC and comments planted in real JPEG, JPEG-LS
// and JPEG 2000 frames (the CT in every transfer syntax, an enhanced MR of 10 frames) must leave
// no byte in the output, while the decoded pixels stay identical and the compressed bytes differ
// only by what was removed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { parseDicomFile } from '../../../../main/dicom/index.js';
import { stripJpegFrame } from '../../../../main/deid/jpegSegments.js';
import { stripJp2File, stripJpeg2000Codestream } from '../../../../main/deid/jpeg2000Segments.js';
import { frameFragments } from '../../../../main/deid/encapsulatedMetadata.js';
import { imagePixelModule } from '../../../../main/deid/imagePixelModule.js';
import { hasDciodvfy, newDciodvfyErrors } from './dciodvfy.js';
import {
  afterSoi,
  CT,
  decodedFramesOf,
  EXTENDED_OFFSET_TABLE,
  EXTENDED_OFFSET_TABLE_LENGTHS,
  fragmentsOf,
  framesOf,
  jp2Box,
  jpegSegment,
  MULTI_FRAME_J2K,
  MULTI_FRAME_JLS,
  pixelOf,
  plantJ2kComments,
  readDicom,
  uint64Values,
  withFrames,
  withoutMainHeaderComments,
} from './encapsulatedCraft.js';
import { deid, survivors, useScratchFolder } from './secondReadCraft.js';

useScratchFolder();

const NAME = 'KOBAYASHI^MEGUMI';
const ID = 'PID-7781234';
const HOSPITAL = 'Saiseikai Yokohama';
const exif = (): Buffer =>
  jpegSegment(0xe1, `Exif\0\0MM\0*\0\0\0\x08Artist\0${NAME}\0ImageDescription\0${ID}\0`);
const xmp = (): Buffer =>
  jpegSegment(
    0xe1,
    `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>${NAME}</dc:creator></x:xmpmeta>`,
  );
const iptc = (): Buffer =>
  jpegSegment(0xed, `Photoshop 3.0\x008BIM\x04\x04\0\0\0\0\0\x10${HOSPITAL}`);
const comment = (): Buffer => jpegSegment(0xfe, `Patient ${NAME} ${ID}`);

/** The output file parsed, its frames (as the offset tables give them) and its decoded pixels. */
async function outputOf(bytes: Uint8Array, planted: string[]) {
  const result = await deid(bytes);
  expect(result.excluded).toEqual([]);
  expect(survivors(result, planted)).toEqual([]);
  const file = parseDicomFile(new Uint8Array(result.output!));
  return { file, frames: framesOf(file), decoded: await decodedFramesOf(file), result };
}

const evenItems = (file: ReturnType<typeof readDicom>): boolean =>
  (pixelOf(file).fragments ?? []).every((fragment) => (fragment.end - fragment.start) % 2 === 0);

describe('embedded metadata in compressed frames', () => {
  it('JPEG baseline: EXIF, XMP, IPTC and COM planted in a frame split over three fragments leave no byte; pixels and the rest of the stream stay', async () => {
    const original = readDicom(CT('JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50'));
    const [frame] = framesOf(original);
    const planted = afterSoi(frame!, exif(), xmp(), iptc(), comment());
    const input = withFrames(original, [fragmentsOf(planted, 3)], 'basic');
    const output = await outputOf(input, [NAME, ID, HOSPITAL, 'Exif', 'xmpmeta', '8BIM']);
    // Byte-exact otherwise: the original frame (its JFIF APP0 included) is what remains.
    expect(Buffer.from(output.frames[0]!)).toEqual(Buffer.from(frame!));
    expect(output.decoded).toEqual(await decodedFramesOf(original));
    expect(evenItems(output.file)).toBe(true);
  });

  it('JPEG: bytes appended after EOI (a whole file hidden behind the image) are removed', async () => {
    const original = readDicom(CT('JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50'));
    const [frame] = framesOf(original);
    const end = frame!.lastIndexOf(0xd9) + 1;
    const planted = Buffer.concat([frame!.subarray(0, end), Buffer.from(`%PDF-1.4 ${NAME}`)]);
    const output = await outputOf(withFrames(original, [[planted]], 'empty'), [NAME, '%PDF']);
    expect(output.decoded).toEqual(await decodedFramesOf(original));
  });

  it('JPEG lossless (process 14): a comment between the tables and the scan is removed', async () => {
    const original = readDicom(CT('JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70'));
    const [frame] = framesOf(original);
    const sos = Buffer.from(frame!).indexOf(Buffer.from([0xff, 0xda]));
    const planted = Buffer.concat([frame!.subarray(0, sos), comment(), frame!.subarray(sos)]);
    const output = await outputOf(withFrames(original, [[planted]], 'empty'), [NAME, ID]);
    expect(Buffer.from(output.frames[0]!)).toEqual(Buffer.from(frame!));
    expect(output.decoded).toEqual(await decodedFramesOf(original));
  });

  it('JPEG-LS: COM and a SPIFF-like APP8 with text are removed; the LSE preset stays and CharLS decodes the same samples', async () => {
    const original = readDicom(CT('JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80'));
    const [frame] = framesOf(original);
    const planted = afterSoi(frame!, jpegSegment(0xe8, `SPIFF\0${HOSPITAL}`), comment());
    const output = await outputOf(withFrames(original, [fragmentsOf(planted, 2)], 'basic'), [
      NAME,
      ID,
      HOSPITAL,
    ]);
    expect(Buffer.from(output.frames[0]!)).toEqual(Buffer.from(frame!));
    expect(output.decoded).toEqual(await decodedFramesOf(original));
  });

  it('JPEG 2000: COM in the main header and in a tile-part header are removed, Psot is counted again', async () => {
    const original = readDicom(CT('JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90'));
    const [frame] = framesOf(original);
    const planted = plantJ2kComments(frame!, `Kakadu ${NAME}`, `tile ${ID}`);
    const output = await outputOf(withFrames(original, [fragmentsOf(planted, 4)], 'basic'), [
      NAME,
      ID,
    ]);
    // OpenJPEG's own comment (its name and version) goes too; nothing else changes.
    const expected = withoutMainHeaderComments(frame!);
    expect(Buffer.from(output.frames[0]!)).toEqual(
      expected.length % 2 ? Buffer.concat([expected, Buffer.alloc(1)]) : expected,
    );
    expect(output.decoded).toEqual(await decodedFramesOf(original));
  });

  it('enhanced MR, 10 JPEG 2000 frames each over two fragments with a comment each: every frame cleaned, the Basic Offset Table rewritten', async () => {
    const original = readDicom(MULTI_FRAME_J2K);
    const frames = framesOf(original);
    const planted = frames.map((frame, index) =>
      fragmentsOf(plantJ2kComments(frame, `${NAME} frame ${index}`, `${ID}/${index}`), 2),
    );
    const output = await outputOf(withFrames(original, planted, 'basic'), [NAME, ID]);
    expect(output.frames).toHaveLength(10);
    expect(output.decoded).toEqual(await decodedFramesOf(original));
    // The table points at each frame's item: every frame found by it starts a codestream.
    for (const frame of output.frames) expect([frame[0], frame[1]]).toEqual([0xff, 0x4f]);
    expect(evenItems(output.file)).toBe(true);
  });

  it('enhanced MR, 10 JPEG-LS frames with an Extended Offset Table: comments in frames 3 and 7 go, the table and its lengths match the new items', async () => {
    const original = readDicom(MULTI_FRAME_JLS);
    const frames = framesOf(original);
    const planted = frames.map((frame, index) =>
      index === 3 || index === 7 ? [afterSoi(frame, comment(), exif())] : [frame],
    );
    const output = await outputOf(withFrames(original, planted, 'extended'), [NAME, ID]);
    expect(output.decoded).toEqual(await decodedFramesOf(original));
    const pixel = pixelOf(output.file);
    const [table, ...items] = pixel.fragments!;
    expect(table!.end - table!.start).toBe(0);
    const first = items[0]!.start;
    const body = output.file.body;
    const offsets = uint64Values(body.find((element) => element.tag === EXTENDED_OFFSET_TABLE));
    const lengths = uint64Values(
      body.find((element) => element.tag === EXTENDED_OFFSET_TABLE_LENGTHS),
    );
    expect(offsets).toEqual(items.map((item) => item.start - first));
    expect(lengths).toEqual(items.map((item) => item.end - item.start));
    // Frames without metadata are copied as they were.
    expect(Buffer.from(output.frames[0]!)).toEqual(Buffer.from(frames[0]!));
  });

  it('masked frames are written natively without the Extended Offset Table of the compressed ones', async () => {
    const original = readDicom(MULTI_FRAME_J2K);
    const input = withFrames(
      original,
      framesOf(original).map((frame) => [frame]),
      'extended',
    );
    const folder = mkdtempSync(join(tmpdir(), 'mitate-embedded-mask-'));
    try {
      writeFileSync(join(folder, 'in.dcm'), input);
      const { outputFiles } = await pseudonymizeStudy([join(folder, 'in.dcm')], {
        outDir: join(folder, 'out'),
        options: ['cleanPixelData'],
        keys: createPseudonymKeys(Buffer.alloc(32, 5)),
        rules: [
          {
            name: 'test-mr-corner',
            source: 'this test',
            modality: 'MR',
            regions: [{ x: 0, y: 0, width: 8, height: 8 }],
          },
        ],
      });
      const out = readDicom(outputFiles[0]!.path);
      expect(out.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
      const tags = out.body.map((element) => element.tag);
      expect(tags).not.toContain(EXTENDED_OFFSET_TABLE);
      expect(tags).not.toContain(EXTENDED_OFFSET_TABLE_LENGTHS);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasDciodvfy)(
    'dciodvfy finds no new error in a cleaned JPEG file (without dciodvfy: skipped)',
    async () => {
      const original = readDicom(CT('JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50'));
      const [frame] = framesOf(original);
      const input = withFrames(original, [fragmentsOf(afterSoi(frame!, exif()), 2)], 'basic');
      const result = await deid(input);
      const folder = mkdtempSync(join(tmpdir(), 'mitate-embedded-'));
      writeFileSync(join(folder, 'in.dcm'), input);
      writeFileSync(join(folder, 'out.dcm'), result.output!);
      const errors = newDciodvfyErrors(join(folder, 'in.dcm'), join(folder, 'out.dcm'));
      rmSync(folder, { recursive: true, force: true });
      expect(errors).toEqual([]);
    },
  );
});

describe('every compressed transfer syntax of the CT', () => {
  const syntaxes = [
    'JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50',
    'JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51',
    'JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53',
    'JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55',
    'JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57',
    'JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70',
    'JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80',
    'JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81',
    'JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90',
    'JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91',
  ];
  for (const syntax of syntaxes) {
    it(`${syntax.split('_').pop()}: a planted comment goes, every other byte of the stream stays (12-bit and progressive processes included)`, async () => {
      const original = readDicom(CT(syntax));
      const [frame] = framesOf(original);
      const j2k = frame![0] === 0xff && frame![1] === 0x4f;
      const planted = j2k
        ? plantJ2kComments(frame!, `${NAME} main`, `${ID} tile`)
        : afterSoi(frame!, comment(), exif());
      const result = await deid(withFrames(original, [fragmentsOf(planted, 2)], 'basic'));
      expect(survivors(result, [NAME, ID])).toEqual([]);
      const [out] = framesOf(parseDicomFile(new Uint8Array(result.output!)));
      const expected = j2k ? withoutMainHeaderComments(frame!) : Buffer.from(frame!);
      const padded = expected.length % 2 ? Buffer.concat([expected, Buffer.alloc(1)]) : expected;
      expect(Buffer.from(out!)).toEqual(j2k ? padded : expected);
    });
  }
});

describe('segments a decoder needs stay', () => {
  it('JFIF APP0 stays without its thumbnail; Adobe APP14 stays with its 12 bytes; any other APP0 goes', () => {
    const thumbnail = Buffer.alloc(2 * 2 * 3, 0x41);
    const jfif = jpegSegment(
      0xe0,
      Buffer.concat([
        Buffer.from('JFIF\0\x01\x02\x00\x00\x01\x00\x01\x02\x02', 'latin1'),
        thumbnail,
      ]),
    );
    const adobe = jpegSegment(0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01', 'latin1'));
    const avi = jpegSegment(0xe0, `AVI1\0${NAME}`);
    const rest = Buffer.from([0xff, 0xd9]);
    const frame = Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, adobe, avi, rest]);
    const stripped = stripJpegFrame(frame)!;
    expect(stripped.removed.sort()).toEqual(['APP0', 'APP0 thumbnail']);
    const expected = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x02\x00\x00\x01\x00\x01\x00\x00', 'latin1')),
      adobe,
      rest,
    ]);
    expect(Buffer.from(stripped.bytes)).toEqual(expected);
  });

  it('a frame wrapped in JP2 boxes loses its XML, UUID and IPR boxes; the header and codestream boxes stay', () => {
    const original = readDicom(CT('JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90'));
    const [padded] = framesOf(original);
    // The item's padding is not part of the codestream (it ends with EOC).
    const codestream = padded!.subarray(
      0,
      Buffer.from(padded!).lastIndexOf(Buffer.from([0xff, 0xd9])) + 2,
    );
    const signature = jp2Box('jP  ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a]));
    const ftyp = jp2Box('ftyp', 'jp2 \0\0\0\0jp2 ');
    const header = jp2Box('jp2h', jp2Box('ihdr', Buffer.alloc(14)));
    const frame = Buffer.concat([
      signature,
      ftyp,
      header,
      jp2Box('xml ', `<patient>${NAME}</patient>`),
      jp2Box('uuid', Buffer.concat([Buffer.alloc(16, 7), Buffer.from(ID)])),
      jp2Box('jp2i', HOSPITAL),
      jp2Box('jp2c', plantJ2kComments(codestream!, NAME, ID)),
    ]);
    const stripped = stripJp2File(frame)!;
    expect(stripped.removed.sort()).toEqual([
      'COM',
      'COM',
      'COM',
      'jp2i box',
      'uuid box',
      'xml box',
    ]);
    const text = Buffer.from(stripped.bytes).toString('latin1');
    for (const planted of [NAME, ID, HOSPITAL]) expect(text).not.toContain(planted);
    expect(Buffer.from(stripped.bytes)).toEqual(
      Buffer.concat([
        signature,
        ftyp,
        header,
        jp2Box('jp2c', withoutMainHeaderComments(codestream!)),
      ]),
    );
  });

  it('JPEG 2000: the TLM marker tile-part length is counted again with Psot when a tile-part comment goes', () => {
    const original = readDicom(CT('JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90'));
    const [frame] = framesOf(original);
    const planted = plantJ2kComments(frame!, NAME, ID);
    const sot = (bytes: Buffer): number => {
      let at = 4 + bytes.readUInt16BE(4);
      while (bytes.readUInt16BE(at) !== 0xff90) at += 2 + bytes.readUInt16BE(at + 2);
      return at;
    };
    // TLM (T.800 A.7.1): Ztlm 0, Stlm 0x50 (1-byte tile index, 4-byte lengths), one tile-part.
    const plantedSot = sot(planted);
    const tlm = Buffer.from([0xff, 0x55, 0, 9, 0, 0x50, 0, 0, 0, 0, 0]);
    tlm.writeUInt32BE(planted.readUInt32BE(plantedSot + 6), 7);
    const sizEnd = 4 + planted.readUInt16BE(4);
    const withTlm = Buffer.concat([planted.subarray(0, sizEnd), tlm, planted.subarray(sizEnd)]);
    const stripped = Buffer.from(stripJpeg2000Codestream(withTlm)!.bytes);
    const newSot = sot(stripped);
    const psot = stripped.readUInt32BE(newSot + 6);
    expect(psot).toBe(Buffer.from(frame!).readUInt32BE(sot(Buffer.from(frame!)) + 6));
    expect(psot).toBeGreaterThan(0);
    const tlmAt = stripped.indexOf(Buffer.from([0xff, 0x55]));
    expect(stripped.readUInt32BE(tlmAt + 7)).toBe(psot);
  });

  it('frames of a multi-fragment file without offsets are found where each codestream starts', () => {
    const original = readDicom(MULTI_FRAME_J2K);
    const planted = framesOf(original).map((frame) => fragmentsOf(frame, 3));
    const file = parseDicomFile(new Uint8Array(withFrames(original, planted, 'empty')));
    const [table, ...data] = pixelOf(file).fragments!;
    const groups = frameFragments(
      pixelOf(file).bytes,
      data,
      table!,
      imagePixelModule(file.body).frames,
      undefined,
    );
    expect(groups?.map((group) => group.length)).toEqual(
      planted.map((fragments) => fragments.length),
    );
  });
});
