/**
 * The readers a hostile file or answer reaches, each as the fuzz run calls it, with what it may
 * answer: a result, or one of its own typed errors. Anything else thrown (a TypeError from a
 * missing check, a RangeError from an unchecked offset) is a crash. Shared by the fuzz test and
 * the benchmark (which bundles it).
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import {
  DicomFormatError,
  parseDicomFile,
  readDicomdirReferences,
  readHeader,
} from '../../../main/dicom/index.js';
import { MultipartError, parseMultipartRelated } from '../../../main/dicomweb/multipartRelated.js';
import { HandlerError } from '../../../main/errors/index.js';
import { extractArchive } from '../../../main/library/extractArchive.js';
import { ResultFormatError, readDataset } from '../../../main/results/dicomDataset.js';
import { readMeasurementReport } from '../../../main/results/measurementReport.js';
import { segmentationLabelmap } from '../../../main/results/segmentationLabelmap.js';
import { summariseSegmentation } from '../../../main/results/segmentationSummary.js';
import { dicomCase, depthFor, type Flavour, type Random } from './dicomGrammar.js';
import { multipartCase, zipCase } from './containerGrammar.js';

// dcmjs warns on the console about every oddity it meets; a fuzz run meets thousands.
(
  createRequire(import.meta.url)('dcmjs') as { log: { setLevel(level: string): void } }
).log.setLevel('silent');

export interface FuzzInput {
  bytes: Uint8Array;
  /** For multipart: the Content-Type it is sent with. */
  contentType?: string;
}

export interface FuzzReader {
  name: string;
  generate(random: Random): FuzzInput;
  /** Reads one input; `work` is a folder of its own, emptied by the caller. */
  read(input: FuzzInput, work: string): Promise<unknown>;
  typed(error: unknown): boolean;
}

const dicom =
  (flavour: Flavour) =>
  (random: Random): FuzzInput => ({
    bytes: dicomCase(random, { flavour, depth: depthFor(random) }),
  });

async function asFile(input: FuzzInput, work: string, name: string): Promise<string> {
  const path = join(work, name);
  await writeFile(path, input.bytes);
  return path;
}

export const FUZZ_READERS: FuzzReader[] = [
  {
    name: 'dataset',
    generate: dicom('image'),
    read: async ({ bytes }) => parseDicomFile(bytes),
    typed: (error) => error instanceof DicomFormatError,
  },
  {
    name: 'header',
    generate: dicom('image'),
    read: async (input, work) => readHeader(await asFile(input, work, 'f.dcm'), input.bytes.length),
    typed: () => false,
  },
  {
    name: 'dicomdir',
    generate: dicom('dicomdir'),
    read: async (input, work) => readDicomdirReferences(await asFile(input, work, 'DICOMDIR')),
    typed: (error) => error instanceof DicomFormatError,
  },
  {
    name: 'multipart',
    generate: (random) => {
      const { body, contentType } = multipartCase(random);
      return { bytes: body, contentType };
    },
    read: async ({ bytes, contentType }) => parseMultipartRelated(bytes, contentType ?? ''),
    typed: (error) => error instanceof MultipartError,
  },
  {
    name: 'sr',
    generate: dicom('sr'),
    read: async ({ bytes }) => readMeasurementReport(bytes),
    typed: (error) => error instanceof ResultFormatError,
  },
  {
    name: 'seg',
    generate: dicom('seg'),
    read: async ({ bytes }) => {
      const dataset = readDataset(bytes);
      summariseSegmentation(dataset);
      return segmentationLabelmap(dataset, '1.2.840.10008.1.2.1');
    },
    typed: (error) => error instanceof ResultFormatError || error instanceof HandlerError,
  },
  {
    name: 'zip',
    generate: (random) => ({ bytes: zipCase(random) }),
    read: async (input, work) => {
      const zip = await asFile(input, work, 'in.zip');
      const root = join(work, 'archives');
      await mkdir(root);
      const extracted = await extractArchive(zip, root, { signal: new AbortController().signal });
      // Never a file outside the archive's own folder.
      for (const entry of await readdir(root, { recursive: true }))
        if (
          extracted.folder !== undefined &&
          relative(extracted.folder, join(root, entry)).startsWith('..') &&
          !entry.endsWith('.refused.json') &&
          join(root, entry) !== extracted.folder
        )
          throw new TypeError(`zip wrote outside its folder: ${entry}`);
      return extracted;
    },
    // yauzl's own refusals of a malformed archive are plain Errors; the import reports them as unreadable.
    typed: (error) => error instanceof Error && error.constructor === Error,
  },
];

export async function emptyFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
}
