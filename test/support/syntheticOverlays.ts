/**
 * A synthetic multi-frame MR image carrying DICOM overlays whose every bit the test knows
 * (PS3.3 C.9.2 Overlay Plane, C.9.3 Multi-frame Overlay, and the retired embedded form):
 *
 * - 6000, graphics, 2 overlay frames starting at image frame 2 (Image Frame Origin 2):
 *   frame 2 a horizontal bar, frame 3 a vertical bar; nothing on frame 1.
 * - 6002, region of interest, 8 x 10 at origin 30\4 (rows 29-36, columns 3-12), single frame:
 *   on every frame.
 * - 6004, graphics, 6 x 6 at origin -1\-1: only its lower right 4 x 4 lies on the image.
 * - 6006, embedded in bit 15 of the pixel data (Overlay Bits Allocated 16): a diagonal from
 *   (20,20) to (27,27) on each frame.
 *
 * Written with the pseudonymization engine's encoder, little or big endian. No patient ever saw it.
 */
import { encodeDicomFile, encodeText, type OutElement } from '../../main/dicom/index.js';

export const OVERLAY_IMAGE = { rows: 40, columns: 48, frames: 3 } as const;

/** Which overlay pixels (image row, column, 0-based) each group sets on a 1-based image frame. */
export function expectedOverlayPixels(
  frame: number,
): Record<'6000' | '6002' | '6004' | '6006', [number, number][]> {
  const cells = (rows: [number, number], columns: [number, number]): [number, number][] => {
    const out: [number, number][] = [];
    for (let row = rows[0]; row <= rows[1]; row++)
      for (let column = columns[0]; column <= columns[1]; column++) out.push([row, column]);
    return out;
  };
  return {
    '6000': frame === 2 ? cells([5, 6], [10, 29]) : frame === 3 ? cells([10, 29], [40, 41]) : [],
    '6002': cells([29, 36], [3, 12]).filter(([row, column]) => !(row === 32 && column === 7)),
    '6004': cells([0, 3], [0, 3]),
    '6006': Array.from({ length: 8 }, (_, step) => [20 + step, 20 + step] as [number, number]),
  };
}

/** Stored value of image pixel (row, column) on a 1-based frame, without the embedded bit. */
export function overlayImageValue(row: number, column: number, frame: number): number {
  return 400 + ((row + column + frame) % 5) * 40;
}

function numbers(vr: 'US' | 'SS', values: number[], littleEndian: boolean): Uint8Array {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((value, index) => {
    if (vr === 'US' && littleEndian) out.writeUInt16LE(value, index * 2);
    else if (vr === 'US') out.writeUInt16BE(value, index * 2);
    else if (littleEndian) out.writeInt16LE(value, index * 2);
    else out.writeInt16BE(value, index * 2);
  });
  return out;
}

/** Packs bits as 16-bit words filled from the least significant bit (PS3.5 §8.1.2), OW in the file's byte order. */
function packBits(bits: Uint8Array, littleEndian: boolean): Uint8Array {
  const words = new Uint16Array(Math.ceil(bits.length / 16));
  bits.forEach((bit, index) => {
    if (bit !== 0) words[index >> 4]! |= 1 << (index & 15);
  });
  return numbers('US', Array.from(words), littleEndian);
}

function planeBits(
  rows: number,
  columns: number,
  set: (row: number, column: number) => boolean,
): Uint8Array {
  const bits = new Uint8Array(rows * columns);
  for (let row = 0; row < rows; row++)
    for (let column = 0; column < columns; column++)
      bits[row * columns + column] = set(row, column) ? 1 : 0;
  return bits;
}

export function overlayTestFile(options: { littleEndian: boolean; uidRoot: string }): Uint8Array {
  const { littleEndian, uidRoot } = options;
  const { rows, columns, frames } = OVERLAY_IMAGE;
  const text = (tag: number, vr: string, value: string): OutElement => ({
    kind: 'value',
    tag,
    vr,
    value: encodeText(value, vr),
  });
  const us = (tag: number, ...values: number[]): OutElement => ({
    kind: 'value',
    tag,
    vr: 'US',
    value: numbers('US', values, littleEndian),
  });
  const ss = (tag: number, ...values: number[]): OutElement => ({
    kind: 'value',
    tag,
    vr: 'SS',
    value: numbers('SS', values, littleEndian),
  });
  const ow = (tag: number, value: Uint8Array): OutElement => ({
    kind: 'value',
    tag,
    vr: 'OW',
    value,
  });

  const embedded = new Set(
    expectedOverlayPixels(1)['6006'].map(([row, column]) => row * columns + column),
  );
  const pixels: number[] = [];
  for (let frame = 1; frame <= frames; frame++) {
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++)
        pixels.push(
          overlayImageValue(row, column, frame) |
            (embedded.has(row * columns + column) ? 0x8000 : 0),
        );
    }
  }
  // 6000: two overlay frames of the image's size, one after the other in one bit stream.
  const bar = planeBits(
    rows,
    columns,
    (row, column) => row >= 5 && row <= 6 && column >= 10 && column <= 29,
  );
  const column40 = planeBits(
    rows,
    columns,
    (row, column) => row >= 10 && row <= 29 && column >= 40 && column <= 41,
  );
  const multiFrame = new Uint8Array(bar.length * 2);
  multiFrame.set(bar);
  multiFrame.set(column40, bar.length);

  const sopClass = '1.2.840.10008.5.1.4.1.1.4';
  const sopInstance = `${uidRoot}.4`;
  const body: OutElement[] = [
    text(0x00080016, 'UI', sopClass),
    text(0x00080018, 'UI', sopInstance),
    text(0x00080020, 'DA', '20260401'),
    text(0x00080060, 'CS', 'MR'),
    text(0x0008103e, 'LO', littleEndian ? 'Overlay phantom' : 'Overlay phantom BE'),
    text(0x00100010, 'PN', 'Synthetic^Overlay'),
    text(0x00100020, 'LO', 'SYN-OVL'),
    text(0x0020000d, 'UI', `${uidRoot}.1`),
    text(0x0020000e, 'UI', `${uidRoot}.2`),
    text(0x00200011, 'IS', '1'),
    text(0x00200013, 'IS', '1'),
    text(0x00200032, 'DS', '0\\0\\0'),
    text(0x00200037, 'DS', '1\\0\\0\\0\\1\\0'),
    text(0x00200052, 'UI', `${uidRoot}.3`),
    us(0x00280002, 1),
    text(0x00280004, 'CS', 'MONOCHROME2'),
    text(0x00280008, 'IS', String(frames)),
    us(0x00280010, rows),
    us(0x00280011, columns),
    text(0x00280030, 'DS', '1\\1'),
    us(0x00280100, 16),
    us(0x00280101, 12),
    us(0x00280102, 11),
    us(0x00280103, 0),
    text(0x00281050, 'DS', '480'),
    text(0x00281051, 'DS', '400'),

    us(0x60000010, rows),
    us(0x60000011, columns),
    text(0x60000015, 'IS', '2'),
    text(0x60000040, 'CS', 'G'),
    ss(0x60000050, 1, 1),
    us(0x60000051, 2),
    us(0x60000100, 1),
    us(0x60000102, 0),
    ow(0x60003000, packBits(multiFrame, littleEndian)),

    us(0x60020010, 8),
    us(0x60020011, 10),
    text(0x60020040, 'CS', 'R'),
    ss(0x60020050, 30, 4),
    us(0x60020100, 1),
    us(0x60020102, 0),
    ow(
      0x60023000,
      packBits(
        planeBits(8, 10, (row, column) => !(row === 3 && column === 4)),
        littleEndian,
      ),
    ),

    us(0x60040010, 6),
    us(0x60040011, 6),
    text(0x60040040, 'CS', 'G'),
    ss(0x60040050, -1, -1),
    us(0x60040100, 1),
    us(0x60040102, 0),
    ow(
      0x60043000,
      packBits(
        planeBits(6, 6, () => true),
        littleEndian,
      ),
    ),

    us(0x60060010, rows),
    us(0x60060011, columns),
    text(0x60060040, 'CS', 'G'),
    ss(0x60060050, 1, 1),
    us(0x60060100, 16),
    us(0x60060102, 15),

    ow(0x7fe00010, numbers('US', pixels, littleEndian)),
  ];
  const syntax = littleEndian ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2.2';
  const meta: OutElement[] = [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    text(0x00020002, 'UI', sopClass),
    text(0x00020003, 'UI', sopInstance),
    text(0x00020010, 'UI', syntax),
  ];
  return Buffer.concat(encodeDicomFile(meta, body, { explicitVr: true, littleEndian }, false));
}
