/**
 * The one list of what the renderer may ask of the main process.
 *
 * Every channel has a zod schema for its request and its response; every event has one for its
 * payload. The Electron preload and the dev host's browser bridge both build `window.mitate` from
 * this list, and the main process validates every request against it before a handler runs.
 * Nothing here may carry a file-system secret or a token; patient data travels only in responses
 * the renderer needs to show.
 */
import { z } from 'zod';

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

/**
 * De-identification options (DICOM PS3.15 E.3), keyed as in the machine-readable Table E.1-1.
 * One list for the engine, managed policy and the send preview. Those that keep more than the
 * Basic Profile:
 */
export const RETAIN_OPTION_KEYS = [
  'retainSafePrivate',
  'retainUIDs',
  'retainDeviceIdentity',
  'retainInstitutionIdentity',
  'retainPatientCharacteristics',
  'retainLongitudinalFullDates',
  'retainLongitudinalModifiedDates',
] as const;
/** ...and those that remove more: the table's three clean columns, then Clean Pixel Data and Clean Recognizable Visual Features (E.3.1, E.3.2; CID 7050 113101, 113102). */
export const CLEAN_OPTION_KEYS = ['cleanDescriptors', 'cleanStructuredContent', 'cleanGraphics', 'cleanPixelData', 'cleanRecognizableVisualFeatures'] as const;
export const DEID_OPTION_KEYS = [...RETAIN_OPTION_KEYS, ...CLEAN_OPTION_KEYS] as const;

/** Error codes double as i18n keys (`error.<code>`), so every failure has readable text. */
export const ErrorCode = z.enum([
  'invalid_request',
  'invalid_response',
  'unknown_channel',
  'not_found',
  'path_not_found',
  'permission_denied',
  'import_busy',
  'import_cancelled',
  'dialog_unavailable',
  'host_disconnected',
  /** The organisation's managed policy fixes this setting. */
  'setting_locked',
  /** Login (main/auth): no platform configured, sign-in failed, cancelled, or one factor only. */
  'auth_no_platform',
  'auth_failed',
  'auth_cancelled',
  'auth_single_factor',
  'auth_other_user',
  'platform_unreachable',
  /** The screen is locked: patient data is withheld until a fresh login (main/session). */
  'session_locked',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const MitateError = z.object({
  code: ErrorCode,
  /** Technical detail for support (schema paths, errno codes); never patient data. */
  detail: z.string().max(2000).optional(),
});
export type MitateError = z.infer<typeof MitateError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: MitateError };

const Empty = z.object({}).strict();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'devhost']),
  platform: z.string(),
  /** Whether the host can show a native folder picker (Electron) or needs a typed path. */
  nativeDialogs: z.boolean(),
  /** Base URL of the reference platform `npm start` runs embedded on loopback, when it does. */
  platformUrl: z.string().max(2048).optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Settings = z.object({
  locale: Locale,
});
export type Settings = z.infer<typeof Settings>;

/** What the managed policy (hospital IT) fixes; the UI shows these settings as locked. */
export const ManagedSettingsView = z.object({
  /** Names of the policy-set settings (`locale`, `platformUrl`, `idleLockMinutes`, `updateMode`, …). */
  locked: z.array(z.string().max(64)).max(32),
  platformUrl: z.string().max(2048).optional(),
  idleLockMinutes: z.number().int().positive().optional(),
  updateMode: z.enum(['default', 'start', 'manual', 'none']).optional(),
});
export type ManagedSettingsView = z.infer<typeof ManagedSettingsView>;

export const PersonName = z.object({
  alphabetic: z.string(),
  ideographic: z.string(),
  phonetic: z.string(),
});
export type PersonName = z.infer<typeof PersonName>;

/** DICOM DA values stay as YYYYMMDD strings; the renderer formats them per locale. */
const DicomDate = z.string().max(18);

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
  results: z.lazy(() => StudyResultsSummary).optional(),
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

const Uid = z.string().max(64);
const Finite = z.number().finite();

/**
 * What a viewer needs of one slice to place and scale it before its pixels arrive (PS3.3
 * C.7.6.2 Image Plane, C.7.6.3 Image Pixel, C.11.1 Modality LUT, C.11.2 VOI LUT): read from the
 * header by main, so a volume can be laid out at once and filled slice by slice.
 */
export const SliceMetadata = z.object({
  sopInstanceUid: Uid,
  sopClassUid: Uid,
  instanceNumber: z.number().int().nullable(),
  transferSyntaxUid: Uid,
  frameOfReferenceUid: Uid,
  imagePositionPatient: z.tuple([Finite, Finite, Finite]).nullable(),
  imageOrientationPatient: z.tuple([Finite, Finite, Finite, Finite, Finite, Finite]).nullable(),
  /** Row spacing, then column spacing (PS3.3 C.7.6.2.1.1), mm. */
  pixelSpacing: z.tuple([Finite, Finite]).nullable(),
  sliceThickness: Finite.nullable(),
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  samplesPerPixel: z.number().int().positive(),
  photometricInterpretation: z.string().max(16),
  bitsAllocated: z.number().int().positive(),
  bitsStored: z.number().int().positive(),
  highBit: z.number().int().nonnegative(),
  pixelRepresentation: z.union([z.literal(0), z.literal(1)]),
  rescaleSlope: Finite.nullable(),
  rescaleIntercept: Finite.nullable(),
  rescaleType: z.string().max(16),
  windowCenter: z.array(Finite).max(16),
  windowWidth: z.array(Finite).max(16),
});
export type SliceMetadata = z.infer<typeof SliceMetadata>;

export const SeriesMetadata = z.object({
  modality: z.string().max(16),
  seriesInstanceUid: Uid,
  studyInstanceUid: Uid,
  seriesNumber: z.number().int().nullable(),
  /** One per instance, in the order of the series' `instances`. */
  slices: z.array(SliceMetadata).max(20_000),
});
export type SeriesMetadata = z.infer<typeof SeriesMetadata>;

export const BrokenFile = z.object({
  /** The file's base name only: folder names may carry patient names. */
  name: z.string(),
  /** `missing`: a DICOMDIR names a file that is not on the medium. */
  reason: z.enum(['truncated', 'missing-uids', 'unreadable', 'missing']),
});
export type BrokenFile = z.infer<typeof BrokenFile>;

/** A zip entry that was not extracted: it would land outside the target folder, or is a link. */
export const RefusedEntry = z.object({
  /** The entry's base name only. */
  name: z.string(),
  reason: z.enum(['path-escape', 'absolute-path', 'symlink', 'unsupported']),
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
  /** Zip entries refused for safety (at most 100 listed). */
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

/** The signed-in user as the ID token names them, and how they proved it (RFC 8176 `amr`). */
export const SignedInUser = z.object({
  subject: z.string().max(256),
  name: z.string().max(256),
  username: z.string().max(256).optional(),
  role: z.string().max(64).optional(),
  /** ISO 8601 time of the login (the ID token's auth_time). */
  loginAt: z.string().max(40),
  /** Authentication methods of the login, e.g. ["pwd", "otp"]. */
  amr: z.array(z.string().max(32)).max(16),
});
export type SignedInUser = z.infer<typeof SignedInUser>;

export const AuthStatus = z.object({
  /** The platform the app signs in to; null when none is configured. */
  platformUrl: z.string().max(2048).nullable(),
  state: z.enum(['signed-out', 'signing-in', 'signed-in']),
  user: SignedInUser.optional(),
  /** Where the refresh token is kept: the OS keychain, or memory only when there is none. */
  tokenStore: z.enum(['keychain', 'memory']),
  /** Signed in, but the platform could not be reached to refresh the session. */
  offline: z.boolean(),
  /** The screen lock: while true the renderer shows no patient data. */
  locked: z.boolean(),
  idleLockSeconds: z.number().int().positive(),
  /** Why the last sign-in attempt failed (an ErrorCode), until the next attempt. */
  lastError: ErrorCode.optional(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

const Localized = z.object({ ja: z.string().max(4000), en: z.string().max(4000) });
const CodedValue = z.object({ value: z.string().max(64), scheme: z.string().max(64), meaning: z.string().max(256) });

/** One AI service of the platform's signed catalog (its fields as the platform publishes them). */
export const CatalogService = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  version: z.string().max(64),
  name: Localized,
  description: Localized,
  category: z.string().max(64),
  vendor: z.object({ name: z.string().max(256), url: z.string().max(2048).optional() }),
  regulatoryStatus: z.object({ code: z.string().max(64), text: Localized }),
  input: z.object({
    modalities: z.array(z.string().max(16)).min(1).max(32),
    bodyParts: z.array(z.string().max(64)).max(64),
    sopClassUids: z.array(z.string().max(64)).min(1).max(64),
    minSlices: z.number().int().positive(),
    seriesHints: z.array(z.string().max(64)).max(64),
  }),
  outputs: z.array(z.object({ type: z.string().max(16), sopClassUid: z.string().max(64), template: z.string().max(64).optional() })).max(16),
  deidentification: z.object({ profile: CodedValue, options: z.array(CodedValue).max(16) }),
  workitemCode: CodedValue,
  turnaround: z.object({ typicalSeconds: z.number().positive(), maxSeconds: z.number().positive() }),
});
export type CatalogService = z.infer<typeof CatalogService>;

export const CatalogState = z.object({
  platformUrl: z.string().max(2048).nullable(),
  services: z.array(CatalogService).max(500),
  /** When the catalog was last confirmed by the platform (ISO 8601); null when never. */
  syncedAt: z.string().max(40).nullable(),
  /** `cache`: the last good catalog from disk, because the platform could not be reached. */
  source: z.enum(['network', 'cache', 'none']),
  /** A catalog was refused: bad signature, or signed by a key that is not trusted. */
  alert: z.enum(['bad_signature', 'untrusted_key']).nullable(),
});
export type CatalogState = z.infer<typeof CatalogState>;

/** Why a service does not accept a series. */
export const IneligibleReason = z.enum(['modality', 'body-part', 'sop-class', 'too-few-slices', 'sequence', 'no-images', 'not-allowed']);
export type IneligibleReason = z.infer<typeof IneligibleReason>;

export const ServiceEligibility = z.object({
  serviceId: z.string().max(64),
  eligible: z.boolean(),
  reasons: z.array(IneligibleReason).max(8),
  /** For too-few-slices: how many the series has and the service needs. */
  slices: z.number().int().nonnegative(),
  minSlices: z.number().int().nonnegative(),
});
export type ServiceEligibility = z.infer<typeof ServiceEligibility>;

/** Send jobs (main/jobs): one study, or some of its series, sent to one AI service. */
export const JobState = z.enum(['preparing', 'uploading', 'queued', 'running', 'completed', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;
/** Why a job failed; i18n key `jobs.failure.<code>`. */
export const JobFailure = z.enum(['not_signed_in', 'network', 'server_refused', 'pseudonymize_failed', 'no_instances', 'service_cancelled', 'foreign_reference', 'invalid_result', 'vault_unavailable', 'interrupted']);
export type JobFailure = z.infer<typeof JobFailure>;
/** Upload progress in instances and bytes, and the service's own progress once it runs. */
export const JobProgress = z.object({
  instancesDone: z.number().int().nonnegative(),
  instancesTotal: z.number().int().nonnegative(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  servicePercent: z.number().min(0).max(100).optional(),
});
/** The algorithm behind an AI result, from its Contributing Equipment Sequence (IHE AIR). */
export const AiAlgorithm = z.object({ manufacturer: z.string().max(256), name: z.string().max(256), version: z.string().max(256) });
export const JobView = z.object({
  id: z.string().max(64),
  state: JobState,
  serviceId: z.string().max(64),
  serviceVersion: z.string().max(64),
  studyId: z.string().max(128),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
  progress: JobProgress,
  failure: JobFailure.optional(),
  results: z.number().int().nonnegative(),
});
export type JobView = z.infer<typeof JobView>;
/** What a send would do: the de-identification report of the engine (tags, actions, masked regions, defacing), no values. */
export const SendPreview = z.object({
  profile: z.object({ edition: z.string().max(16), options: z.array(z.string().max(64)).max(16) }),
  studies: z.array(z.object({
    instances: z.number().int().nonnegative(),
    series: z.number().int().nonnegative(),
    entries: z.array(z.object({ tag: z.string().max(16), keyword: z.string().max(128).optional(), action: z.string().max(32), rule: z.string().max(64), source: z.string().max(64), nested: z.boolean(), count: z.number().int().positive() })).max(10_000),
    masked: z.array(z.object({ sopInstanceUid: z.string().max(64), rule: z.string().max(128), regions: z.array(z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int() })).max(64), frames: z.number().int() })).max(100_000),
    defaced: z.array(z.object({ seriesInstanceUid: z.string().max(64), voxelsRemoved: z.number().int(), instances: z.number().int() })).max(1000),
  })).max(16),
  excluded: z.array(z.object({ reason: z.string().max(64) })).max(100_000),
});
export type SendPreview = z.infer<typeof SendPreview>;
/** An AI result stored beside an original study, with the algorithm from Contributing Equipment (IHE AIR). */
export const AiResultView = z.object({
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  sopClassUid: z.string().max(64),
  modality: z.string().max(16),
  serviceId: z.string().max(64),
  serviceVersion: z.string().max(64),
  algorithm: AiAlgorithm,
  receivedAt: z.string().max(40),
});
export type AiResultView = z.infer<typeof AiResultView>;
/**
 * A result series the library lists beside a study's images (issue 7): an AI result (SEG, SR)
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
/** What the study row shows: how many AI result series, and from which services, and how many assessments. */
export const StudyResultsSummary = z.object({
  aiSeries: z.number().int().nonnegative(),
  assessments: z.number().int().nonnegative(),
  sources: z.array(z.object({ serviceId: z.string().max(64), serviceVersion: z.string().max(64), algorithm: AiAlgorithm, time: z.string().max(40) })).max(32),
});
export type StudyResultsSummary = z.infer<typeof StudyResultsSummary>;
/** Review (issue 7): findings read generically from TID 1500 SRs (main/review/), and the doctor's assessment (IHE AIRA). */
export const ReviewMeasurement = z.object({ concept: z.string().max(80), name: z.string().max(256), value: z.number(), unit: z.string().max(64), derivation: z.string().max(256).optional() });
export type ReviewMeasurement = z.infer<typeof ReviewMeasurement>;
/** The algorithm behind an AI object (AiAlgorithm above) as a type. */
export type ReviewAlgorithm = z.infer<typeof AiAlgorithm>;
/**
 * A region of a finding as the SR gives it (PS3.3 C.18.6 SCOORD, C.18.9 SCOORD3D): `image` is in
 * column/row of the referenced image with (0,0) at the top left corner of its top left pixel;
 * `patient` is in patient mm of a frame of reference. `points` is the flat Graphic Data.
 */
export const ReviewRegion = z.discriminatedUnion('space', [
  z.object({
    space: z.literal('image'),
    graphicType: z.enum(['POINT', 'MULTIPOINT', 'POLYLINE', 'CIRCLE', 'ELLIPSE']),
    points: z.array(z.number()).min(2).max(2048),
    sopInstanceUid: z.string().max(64),
    frameNumber: z.number().int().positive().optional(),
  }),
  z.object({
    space: z.literal('patient'),
    graphicType: z.enum(['POINT', 'MULTIPOINT', 'POLYLINE', 'POLYGON', 'ELLIPSE', 'ELLIPSOID']),
    points: z.array(z.number()).min(3).max(3072),
    frameOfReferenceUid: z.string().max(64),
  }),
]);
export type ReviewRegion = z.infer<typeof ReviewRegion>;
export const ReviewFinding = z.object({
  trackingId: z.string().max(256),
  trackingUid: z.string().max(64).optional(),
  findingType: z.string().max(256).optional(),
  findingSite: z.string().max(256).optional(),
  measurements: z.array(ReviewMeasurement).max(256),
  sizeMm: z.number().optional(),
  volumeMm3: z.number().optional(),
  confidence: z.number().optional(),
  /** SCOORD3D centre in patient coordinates (mm). */
  centre: z.object({ x: z.number(), y: z.number(), z: z.number(), frameOfReferenceUid: z.string().max(64) }).optional(),
  segment: z.object({ sopInstanceUid: z.string().max(64), segmentNumber: z.number().int() }).optional(),
  imageSopInstanceUid: z.string().max(64).optional(),
  /** Image regions (SCOORD, SCOORD3D) other than the centre, drawn over the annotated viewport. */
  regions: z.array(ReviewRegion).max(64).optional(),
});
export type ReviewFinding = z.infer<typeof ReviewFinding>;
export const ReviewDecision = z.enum(['accepted', 'rejected', 'none']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;
export const ReviewSegment = z.object({ number: z.number().int(), label: z.string().max(256), color: z.tuple([z.number(), z.number(), z.number()]).optional() });
export const ReviewReport = z.object({
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  /** The AI object's algorithm (Contributing Equipment, IHE AIR); absent when a person made it. */
  algorithm: AiAlgorithm.optional(),
  seriesDescription: z.string().max(64).optional(),
  /** When it was made or, for the pipeline's results, received (ISO 8601): the picker lists the newest first. */
  time: z.string().max(40).optional(),
  findings: z.array(ReviewFinding).max(1000),
  /** The latest saved assessment of this report, per tracking UID (or identifier). */
  decisions: z.record(z.string().max(256), z.object({ decision: ReviewDecision, comment: z.string().max(1024) })),
});
export type ReviewReport = z.infer<typeof ReviewReport>;
export const ReviewSegmentation = z.object({
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  seriesDescription: z.string().max(64).optional(),
  /** As ReviewReport's. */
  time: z.string().max(40).optional(),
  /** The library series its frames were made from (Referenced Series Sequence), when that series is in the library. */
  sourceSeriesId: z.string().max(128).optional(),
  algorithm: AiAlgorithm.optional(),
  segments: z.array(ReviewSegment).max(256),
});
export type ReviewSegmentation = z.infer<typeof ReviewSegmentation>;
/**
 * A SEG unpacked in main into one label image per source image (segment numbers, 0 = none):
 * cornerstone's SEG adapter compiles code at run time (ndarray uses new Function), which the
 * renderer's Content-Security-Policy rightly forbids.
 */
export const ReviewLabelmap = z.object({
  rows: z.number().int().positive().max(8192),
  columns: z.number().int().positive().max(8192),
  frames: z.array(z.object({
    sourceSopInstanceUid: z.string().max(64).optional(),
    position: z.array(z.number()).max(3).optional(),
    labels: z.instanceof(Uint8Array),
  })).max(10_000),
});
export type ReviewLabelmap = z.infer<typeof ReviewLabelmap>;
export const ReviewStudy = z.object({ reports: z.array(ReviewReport).max(100), segmentations: z.array(ReviewSegmentation).max(100) });
export type ReviewStudy = z.infer<typeof ReviewStudy>;
const ReviewObject = z.object({ studyId: z.string().min(1).max(128), sopInstanceUid: z.string().min(1).max(64) }).strict();
const SendSource = { studyId: z.string().min(1).max(128), seriesIds: z.array(z.string().min(1).max(128)).max(1000).optional(), serviceId: z.string().min(1).max(64) };
const JobId = z.object({ jobId: z.string().min(1).max(64) }).strict();

export const channels = {
  'jobs.list': { request: Empty, response: z.array(JobView).max(10_000) },
  /** Pseudonymizes into a throw-away folder and returns the report; nothing is sent or kept. */
  'jobs.preview': { request: z.object(SendSource).strict(), response: SendPreview },
  'jobs.send': { request: z.object(SendSource).strict(), response: JobView },
  'jobs.retry': { request: JobId, response: JobView },
  'jobs.cancel': { request: JobId, response: JobView },
  /** AI results stored beside a study. */
  'jobs.results': { request: z.object({ studyId: z.string().min(1).max(128) }).strict(), response: z.array(AiResultView).max(1000) },
  /** The SRs (TID 1500) and SEGs of a study, from the library and the stored AI results, read in main. */
  'review.study': { request: z.object({ studyId: z.string().min(1).max(128) }).strict(), response: ReviewStudy },
  /** A SEG as label images per source image, for the overlay. */
  'review.segmentation': { request: ReviewObject, response: ReviewLabelmap },
  /** Saves the doctor's decisions as a new SR that references the AI report (IHE AIRA); the AI objects are not changed. */
  'review.saveAssessment': {
    request: z.object({
      studyId: z.string().min(1).max(128),
      sopInstanceUid: z.string().min(1).max(64),
      decisions: z.array(z.object({ trackingId: z.string().max(256), trackingUid: z.string().max(64).optional(), decision: ReviewDecision, comment: z.string().max(1024) }).strict()).max(1000),
    }).strict(),
    response: z.object({ sopInstanceUid: z.string().max(64), savedAt: z.string().max(40) }),
  },
  'app.info': { request: Empty, response: AppInfo },
  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: Settings.partial().strict(), response: Settings },
  'settings.managed': { request: Empty, response: ManagedSettingsView },
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
    response: z.object({ width: z.number().int().positive().max(256), height: z.number().int().positive().max(256), pixels: z.instanceof(Uint8Array) }).nullable(),
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
  'auth.status': { request: Empty, response: AuthStatus },
  /**
   * Starts a login (or, while locked, the fresh login that unlocks): returns the platform's login
   * page. The host opens it in the system browser where it can (`openedByHost`), otherwise the
   * renderer opens it in a new browser page. The outcome arrives as an `auth.changed` event.
   */
  'auth.beginLogin': { request: Empty, response: z.object({ url: z.string().max(8192), openedByHost: z.boolean() }) },
  'auth.cancelLogin': { request: Empty, response: AuthStatus },
  'auth.logout': { request: Empty, response: AuthStatus },
  'session.lockNow': { request: Empty, response: AuthStatus },
  /** The doctor used the window (keys, mouse); restarts the idle-lock countdown. */
  'session.activity': { request: Empty, response: z.object({}) },
  'catalog.state': { request: Empty, response: CatalogState },
  'catalog.sync': { request: Empty, response: CatalogState },
  /** The signed-in user's pinned services ("My page"), in the order pinned. */
  'catalog.pins': { request: Empty, response: z.object({ pinned: z.array(z.string().max(64)).max(500) }) },
  'catalog.setPinned': {
    request: z.object({ serviceId: z.string().min(1).max(64), pinned: z.boolean() }).strict(),
    response: z.object({ pinned: z.array(z.string().max(64)).max(500) }),
  },
  /** Which catalog services accept this series, and why the others do not. */
  'catalog.eligibility': {
    request: z.object({ seriesId: z.string().min(1).max(128) }).strict(),
    response: z.array(ServiceEligibility),
  },
} as const;

export const ImportProgress = z.object({
  phase: z.enum(['listing', 'extracting', 'reading', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const events = {
  'jobs.changed': JobView,
  /** A job's results are stored beside its study (notify the doctor). */
  'jobs.resultsReady': z.object({ jobId: z.string().max(64), studyId: z.string().max(128), results: z.number().int().nonnegative() }),
  'library.importProgress': ImportProgress,
  'auth.changed': AuthStatus,
  'catalog.changed': CatalogState,
} as const;

export type Channel = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** The typed API the renderer sees as `window.mitate`. */
export type MitateApi = {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The file-system path of a dropped File where the host knows it (Electron), else null. */
  pathForFile(file: File): string | null;
};

/** URL path under which the host serves an instance's bytes to the image loader. */
export const INSTANCE_URL_PREFIX = '/dicom/';

/** The single Electron IPC channel that carries events, as (name, payload). */
export const IPC_EVENT_CHANNEL = 'mitate:event';
