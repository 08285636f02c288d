/**
 * The library index's files as JSON (see libraryIndexFile.ts for how they are used): the
 * snapshot, compact with one small tuple per instance, and the journal's lines.
 */
import { z } from 'zod';

export const FORMAT = 'mitate-library-index';
export const VERSION = 1;

const PersonName = z.object({
  alphabetic: z.string(),
  ideographic: z.string(),
  phonetic: z.string(),
});

export const StudyFields = z.object({
  studyInstanceUid: z.string(),
  patientName: PersonName,
  patientId: z.string(),
  patientBirthDate: z.string(),
  studyDate: z.string(),
  studyTime: z.string(),
  studyDescription: z.string(),
  accessionNumber: z.string(),
});
export type StudyFields = z.infer<typeof StudyFields>;

export const SeriesFields = z.object({
  study: z.number().int().nonnegative(),
  seriesInstanceUid: z.string(),
  modality: z.string(),
  seriesNumber: z.number().int().nullable(),
  seriesDescription: z.string(),
  sequenceName: z.string().optional(),
  bodyPartExamined: z.string().optional(),
});
export type SeriesFields = z.infer<typeof SeriesFields>;

/** [series, path, size, mtimeMs, sopInstanceUid, sopClassUid, transferSyntaxUid, instanceNumber, frames, rows, columns] */
export const InstanceTuple = z.tuple([
  z.number().int().nonnegative(),
  z.string(),
  z.number().nonnegative(),
  z.number(),
  z.string(),
  z.string(),
  z.string(),
  z.number().int().nullable(),
  z.number().int().positive(),
  z.number().int().nonnegative(),
  z.number().int().nonnegative(),
]);
export type InstanceTuple = z.infer<typeof InstanceTuple>;

export const Snapshot = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  generation: z.number().int().nonnegative(),
  /** The folders of an import that started and never finished (a crash), to offer a resume. */
  pendingImport: z.array(z.string()).nullable(),
  studies: z.array(StudyFields),
  series: z.array(SeriesFields),
  instances: z.array(InstanceTuple),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const Header = z.object({
  ...StudyFields.shape,
  sopClassUid: z.string(),
  sopInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  transferSyntaxUid: z.string(),
  modality: z.string(),
  seriesNumber: z.number().int().optional(),
  seriesDescription: z.string(),
  sequenceName: z.string().optional(),
  bodyPartExamined: z.string().optional(),
  instanceNumber: z.number().int().optional(),
  numberOfFrames: z.number().int().positive(),
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  hasPixelData: z.boolean(),
});
const FileIdentity = { path: z.string(), size: z.number().nonnegative(), mtimeMs: z.number() };

export const JournalLine = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), ...FileIdentity, header: Header }),
  z.object({ op: z.literal('relink'), sopInstanceUid: z.string(), ...FileIdentity }),
  z.object({ op: z.literal('clear') }),
  z.object({ op: z.literal('importStarted'), paths: z.array(z.string()) }),
  z.object({ op: z.literal('importFinished') }),
]);
export type JournalLine = z.infer<typeof JournalLine>;
