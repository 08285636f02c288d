/**
 * The study library: importing, the study and series lists, thumbnails, the result series stored
 * beside a study, and the import's progress.
 */
import { z } from 'zod';
import { SeriesMetadata } from './dicom.js';
import { AiAlgorithm, DicomDate, Empty } from './shared.js';

export const PersonName = z.object({
  alphabetic: z.string(),
  ideographic: z.string(),
  phonetic: z.string(),
});
export type PersonName = z.infer<typeof PersonName>;

/** What the study row shows: how many AI result series, and from which services, and how many assessments. */
export const StudyResultsSummary = z.object({
  aiSeries: z.number().int().nonnegative(),
  assessments: z.number().int().nonnegative(),
  sources: z
    .array(
      z.object({
        serviceId: z.string().max(64),
        serviceVersion: z.string().max(64),
        algorithm: AiAlgorithm,
        time: z.string().max(40),
      }),
    )
    .max(32),
});
export type StudyResultsSummary = z.infer<typeof StudyResultsSummary>;

export const StudySummary = z.object({
  id: z.string(),
  patientName: PersonName,
  patientId: z.string(),
  patientBirthDate: DicomDate,
  studyDate: DicomDate,
  studyDescription: z.string(),
  /** Accession Number (0008,0050), shown with the patient's identity on every image; absent in study lists written before it was kept. */
  accessionNumber: z.string().max(64).optional(),
  modalities: z.array(z.string()),
  seriesCount: z.number().int().nonnegative(),
  imageCount: z.number().int().nonnegative(),
  /** The AI results stored beside the study and the doctor's assessments of them (`library.results`); absent when none. */
  results: StudyResultsSummary.optional(),
});
export type StudySummary = z.infer<typeof StudySummary>;

export const InstanceRef = z.object({
  id: z.string(),
  /** Number of frames; a multi-frame instance contributes one image per frame. */
  frames: z.number().int().positive(),
});
export type InstanceRef = z.infer<typeof InstanceRef>;

export const SeriesDetail = z.object({
  id: z.string(),
  studyId: z.string(),
  number: z.number().int().nullable(),
  description: z.string(),
  modality: z.string(),
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  imageCount: z.number().int().nonnegative(),
  /** In display order (Instance Number, then file order). */
  instances: z.array(InstanceRef),
  /** Indexed files no longer where they were (moved, deleted, replaced); not in `instances`. */
  missingFiles: z.number().int().nonnegative().optional(),
  /** Sequence Name (0018,0024) of MR series, e.g. "*fl3d1r_t70": the viewer's hanging defaults use it. */
  sequenceName: z.string().max(64).optional(),
});
export type SeriesDetail = z.infer<typeof SeriesDetail>;

export const BrokenFile = z.object({
  /** The file's base name only: folder names may carry patient names. */
  name: z.string(),
  /** `missing`: a DICOMDIR names a file that is not on the medium. */
  reason: z.enum(['truncated', 'missing-uids', 'unreadable', 'missing']),
});
export type BrokenFile = z.infer<typeof BrokenFile>;

/**
 * Something from a hostile medium that was not imported: a zip entry that would land outside the
 * target folder, is a link, or inflates too far; a whole archive over the limits; a link or a
 * DICOMDIR reference that leads out of the chosen folder.
 */
export const RefusedEntry = z.object({
  /** The entry's (or archive's, or link's) base name only. */
  name: z.string(),
  reason: z.enum([
    'path-escape',
    'absolute-path',
    'symlink',
    'unsupported',
    /** One entry inflates more than the allowed ratio (a zip bomb). */
    'compression-ratio',
    /** One entry's data is damaged or not the size its archive declares. */
    'corrupt',
    /** The whole archive: it inflates to more than the allowed total. */
    'too-large',
    /** The whole archive: more entries than allowed. */
    'too-many-entries',
    /** A symbolic link or DICOMDIR reference leading out of the chosen folder. */
    'outside-folder',
  ]),
});
export type RefusedEntry = z.infer<typeof RefusedEntry>;

export const ImportReport = z.object({
  filesSeen: z.number().int().nonnegative(),
  instancesAdded: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  notDicom: z.number().int().nonnegative(),
  withoutImages: z.number().int().nonnegative(),
  broken: z.array(BrokenFile),
  /** How many broken files were left out of `broken` to keep the report small. */
  brokenNotListed: z.number().int().nonnegative(),
  /** Zip entries, archives, links and references refused for safety (at most 100 listed). */
  refused: z.array(RefusedEntry),
  /** Instances found again at a new place after their indexed file went missing. */
  relinked: z.number().int().nonnegative(),
  studies: z.array(StudySummary),
  cancelled: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReport>;

const FilePath = z.string().min(1).max(4096);

export const DroppedFile = z.object({
  /** Base name as the browser gives it; used only to name the copy. */
  name: z.string().min(1).max(255),
  bytes: z.instanceof(Uint8Array),
});

/**
 * A result series the library lists beside a study's images: an AI result (SEG, SR)
 * that the jobs pipeline stored, marked with its service, algorithm and time, the doctor's
 * assessment of one (IHE AIRA), or a SEG or SR imported with the study. They hold no images of their own: opening one opens the review.
 */
export const LibraryResultSeries = z.object({
  /** `imported`: a SEG or SR the doctor imported with the study (a third-party result); AI only if `algorithm` is given. */
  kind: z.enum(['ai', 'assessment', 'imported']),
  seriesInstanceUid: z.string().max(64),
  /** Imported SEG: its series in the library, which the series list shows here instead of among the images. */
  seriesId: z.string().max(128).optional(),
  /** Imported: its Series Description. */
  description: z.string().max(64).optional(),
  modality: z.string().max(16),
  /** Objects (SOP instances) in the series. */
  objects: z.number().int().nonnegative(),
  /** AI: the service and the algorithm (Contributing Equipment, IHE AIR); imported: the algorithm when its Contributing Equipment names one. */
  serviceId: z.string().max(64).optional(),
  serviceVersion: z.string().max(64).optional(),
  algorithm: AiAlgorithm.optional(),
  /** Assessment: the Person Observer who signed it (TID 1002). */
  observer: z.string().max(256).optional(),
  /** AI: when it was received; assessment: when it was saved; imported: Content Date/Time (ISO 8601, empty when it has none). */
  time: z.string().max(40),
});
export type LibraryResultSeries = z.infer<typeof LibraryResultSeries>;

export const ImportProgress = z.object({
  phase: z.enum(['listing', 'extracting', 'reading', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const libraryChannels = {
  /**
   * Native picker, then import. `null` when the doctor closes the dialog. Folders and files are
   * two pickers: Windows and Linux dialogs cannot choose both (zip archives and DICOMDIR are files).
   */
  'library.pickAndImport': {
    request: z.object({ kind: z.enum(['folders', 'files']).optional() }).strict(),
    response: ImportReport.nullable(),
  },
  'library.importPaths': {
    request: z.object({ paths: z.array(FilePath).min(1).max(256) }).strict(),
    response: ImportReport,
  },
  /** Dropped files without a path (dev host): the bytes are copied into the library folder. */
  'library.importFiles': {
    request: z.object({ files: z.array(DroppedFile).min(1).max(512) }).strict(),
    response: ImportReport,
  },
  'library.cancelImport': { request: Empty, response: z.object({ cancelled: z.boolean() }) },
  'library.studies': { request: Empty, response: z.array(StudySummary) },
  'library.series': {
    request: z.object({ studyId: z.string().min(1).max(128) }).strict(),
    response: z.array(SeriesDetail),
  },
  /** The AI result series and assessments stored beside a study, newest first. */
  'library.results': {
    request: z.object({ studyId: z.string().min(1).max(128) }).strict(),
    response: z.array(LibraryResultSeries).max(1000),
  },
  /** Removes every study from the screen and the index (shared workstations). */
  'library.clear': { request: Empty, response: z.object({}) },
  /** A small grey picture of a series' middle image; `null` when its pixels are compressed. */
  'library.thumbnail': {
    request: z.object({ seriesId: z.string().min(1).max(128) }).strict(),
    response: z
      .object({
        width: z.number().int().positive().max(256),
        height: z.number().int().positive().max(256),
        pixels: z.instanceof(Uint8Array),
      })
      .nullable(),
  },
  /**
   * Per-slice geometry and pixel description of a single-frame series, from the headers;
   * `null` for series with multi-frame instances (their per-frame groups stay with the loader).
   */
  'library.seriesMetadata': {
    request: z.object({ seriesId: z.string().min(1).max(128) }).strict(),
    response: SeriesMetadata.nullable(),
  },
  /** Whether an import was cut off (crash, power loss) and can be resumed. */
  'library.interruptedImport': { request: Empty, response: z.object({ interrupted: z.boolean() }) },
  /** Runs the cut-off import again; files already indexed are skipped. */
  'library.resumeImport': { request: Empty, response: ImportReport },
  'library.dismissInterruptedImport': { request: Empty, response: z.object({}) },
} as const;

export const libraryEvents = {
  'library.importProgress': ImportProgress,
} as const;
