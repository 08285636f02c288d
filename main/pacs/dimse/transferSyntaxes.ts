/**
 * Which transfer syntaxes and SOP classes the workstation takes in, as the storage SCP and as the
 * C-GET SCU (which receives on its own association, PS3.4 C.4.3): those the viewer can read.
 */

export const VERIFICATION = '1.2.840.10008.1.1';
export const STUDY_ROOT_FIND = '1.2.840.10008.5.1.4.1.2.2.1';
export const STUDY_ROOT_MOVE = '1.2.840.10008.5.1.4.1.2.2.2';
export const STUDY_ROOT_GET = '1.2.840.10008.5.1.4.1.2.2.3';
export const IMPLICIT_LITTLE = '1.2.840.10008.1.2';
export const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';

/** Readable syntaxes, uncompressed first, then the encapsulated ones the image loader decodes. */
export const READABLE_TRANSFER_SYNTAXES: readonly string[] = [
  EXPLICIT_LITTLE,
  IMPLICIT_LITTLE,
  '1.2.840.10008.1.2.1.99', // deflated explicit little endian
  '1.2.840.10008.1.2.5', // RLE lossless
  '1.2.840.10008.1.2.4.50', // JPEG baseline
  '1.2.840.10008.1.2.4.51', // JPEG extended
  '1.2.840.10008.1.2.4.57', // JPEG lossless
  '1.2.840.10008.1.2.4.70', // JPEG lossless, first-order prediction
  '1.2.840.10008.1.2.4.80', // JPEG-LS lossless
  '1.2.840.10008.1.2.4.81', // JPEG-LS near-lossless
  '1.2.840.10008.1.2.4.90', // JPEG 2000 lossless
  '1.2.840.10008.1.2.4.91', // JPEG 2000
];
const READABLE = new Set(READABLE_TRANSFER_SYNTAXES);

export function isReadableTransferSyntax(uid: string): boolean {
  return READABLE.has(uid);
}

/** Storage SOP classes all live under this root (PS3.4 B.5); the query/retrieve classes do not. */
export function isStorageSopClass(uid: string): boolean {
  return /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.[0-9.]+$/.test(uid);
}

/** What a C-GET proposes when the PACS does not say which classes a study holds. */
export const COMMON_STORAGE_CLASSES: readonly string[] = [
  '1.2.840.10008.5.1.4.1.1.2', // CT
  '1.2.840.10008.5.1.4.1.1.4', // MR
  '1.2.840.10008.5.1.4.1.1.1', // CR
  '1.2.840.10008.5.1.4.1.1.1.1', // DX for presentation
  '1.2.840.10008.5.1.4.1.1.1.2', // MG for presentation
  '1.2.840.10008.5.1.4.1.1.6.1', // US
  '1.2.840.10008.5.1.4.1.1.3.1', // US multi-frame
  '1.2.840.10008.5.1.4.1.1.7', // secondary capture
  '1.2.840.10008.5.1.4.1.1.12.1', // XA
  '1.2.840.10008.5.1.4.1.1.20', // NM
  '1.2.840.10008.5.1.4.1.1.128', // PET
  '1.2.840.10008.5.1.4.1.1.2.1', // enhanced CT
  '1.2.840.10008.5.1.4.1.1.4.1', // enhanced MR
  '1.2.840.10008.5.1.4.1.1.66.4', // segmentation
  '1.2.840.10008.5.1.4.1.1.88.22', // enhanced SR
  '1.2.840.10008.5.1.4.1.1.88.33', // comprehensive SR
  '1.2.840.10008.5.1.4.1.1.88.59', // key object selection
  '1.2.840.10008.5.1.4.1.1.11.1', // grayscale softcopy presentation state
  '1.2.840.10008.5.1.4.1.1.104.1', // encapsulated PDF
];

/** Encapsulated syntaxes, the most common in archives first (kept when contexts run short). */
const BY_COMMONNESS = [
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.1.99',
];

/** An association carries at most 128 presentation contexts (odd IDs 1–255, PS3.8 9.3.2.2). */
const MAX_CONTEXTS = 128;

/**
 * The storage contexts a C-GET proposes: for each class, uncompressed together and then each
 * encapsulated syntax alone, so the PACS can send every instance as stored (no transcoding, pixels
 * byte for byte). With many classes the rarer syntaxes are dropped to stay within 128 contexts.
 */
export function storageContextsForGet(
  sopClasses: readonly string[],
  reserved: number,
): { sopClass: string; transferSyntaxes: string[] }[] {
  const classes = sopClasses.filter(isStorageSopClass).slice(0, MAX_CONTEXTS - reserved);
  const encapsulated = BY_COMMONNESS;
  const perClass = Math.max(
    1,
    Math.min(1 + encapsulated.length, Math.floor((MAX_CONTEXTS - reserved) / classes.length)),
  );
  return classes.flatMap((sopClass) => [
    { sopClass, transferSyntaxes: [EXPLICIT_LITTLE, IMPLICIT_LITTLE] },
    ...encapsulated
      .slice(0, perClass - 1)
      .map((syntax) => ({ sopClass, transferSyntaxes: [syntax] })),
  ]);
}
