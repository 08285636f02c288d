/**
 * The engine's entry for the rest of the app and the command line: pseudonymizes a set of files
 * (one or more studies), one instance at a time, into `outDir/<study>/<series>/<instance>.dcm`
 * named from the new UIDs only, and returns the output files and the report. Each output is
 * written atomically; the same input always gives the same output names, so a run that stopped
 * half way is simply run again.
 */
import { readFile as readFileWithCallback } from 'node:fs';
import { promisify } from 'node:util';
import { join, resolve, sep } from 'node:path';
import { DicomFormatError, parseDicomFile, type DicomFile } from '../dicom/index.js';
import { PixelDecodeError } from './decodeFrames.js';
import { deidentifyInstance, instanceIdentity } from './deidentifyInstance.js';
import { EntryKinds, ReportCollector, type DeidReport } from './deidReport.js';
import { BURNED_IN_TEXT_RULES, type BurnedInTextRule } from './burnedInTextRules.js';
import { planPixelCleaning, type PixelCleaningPlan } from './burnedIn/planPixelCleaning.js';
import { reviewThumbnail, type ReviewThumbnail } from './burnedIn/reviewThumbnail.js';
import { imagePixelModule } from './imagePixelModule.js';
import { isMediaDirectory } from './mediaDirectory.js';
import { isEncapsulatedDocument } from './encapsulatedDocuments.js';
import type { PixelEdit } from './maskPixelData.js';
import { planDefacing, type DefacePlan } from './planDefacing.js';
import { PROFILE_EDITION } from './tables/profileTable.js';
import type { DeidOptionKey } from './profileTypes.js';
import type { PseudonymKeys } from './pseudonymKeys.js';
import { writeOutput } from './writeOutput.js';

/** What the vault keeps of one run (original <-> pseudonym); see main/vault. */
export interface PseudonymMapping {
  uids: ReadonlyMap<string, string>;
  patients: readonly { originalId: string; pseudonym: string; dateOffsetDays: number }[];
}

export interface PseudonymSink {
  record(mapping: PseudonymMapping): Promise<void>;
}

export interface PseudonymizeOptions {
  options: readonly DeidOptionKey[];
  outDir: string;
  keys: PseudonymKeys;
  vault?: PseudonymSink;
  rules?: readonly BurnedInTextRule[];
  /**
   * Pseudonymized SOP Instance UIDs of images held back for review that the doctor confirmed
   * having looked at: these are written (masked as planned) instead of left out.
   */
  reviewed?: ReadonlySet<string>;
  /** Make a picture of each masked or held image, and of each series' first scanned image, for the review. */
  thumbnails?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** A picture for the review before sending, of an image as it will be sent. */
export interface ReviewImage extends ReviewThumbnail {
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

/** Pictures made for one run at most: the preview carries them to the screen. */
const MAX_THUMBNAILS = 64;

export interface OutputFile {
  inputIndex: number;
  path: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  bytes: number;
}

/** Instances processed at once: enough to overlap disk and CPU, few enough to keep memory flat. */
const IN_FLIGHT = 4;

export class PseudonymizeError extends Error {
  constructor(readonly code: 'outputInsideInput' | 'noInput') {
    super(code);
    this.name = 'PseudonymizeError';
  }
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

export async function pseudonymizeStudy(
  files: readonly string[],
  settings: PseudonymizeOptions,
): Promise<{ outputFiles: OutputFile[]; report: DeidReport; thumbnails: ReviewImage[] }> {
  if (files.length === 0) throw new PseudonymizeError('noInput');
  const outDir = resolve(settings.outDir);
  // Never write over, or inside, what we read.
  if (files.some((file) => isInside(outDir, resolve(file)) || resolve(file) === outDir))
    throw new PseudonymizeError('outputInsideInput');
  const options = new Set<string>(settings.options);
  const rules = settings.rules ?? BURNED_IN_TEXT_RULES;
  const report: DeidReport = {
    profile: { table: 'PS3.15 E.1-1', edition: PROFILE_EDITION, options: [...options].sort() },
    studies: [],
    excluded: [],
    held: [],
  };
  const held = report.held!;
  const thumbnails = new Map<string, ReviewImage>();
  const seriesShown = new Set<string>();
  const studies = new Map<
    string,
    { collector: ReportCollector; series: Set<string>; entry: DeidReport['studies'][number] }
  >();
  const uidMap = new Map<string, string>();
  const patients = new Map<
    string,
    { originalId: string; pseudonym: string; dateOffsetDays: number }
  >();
  const seen = new Set<string>();
  const outputFiles: OutputFile[] = [];
  const kinds = new EntryKinds();

  const defacing: DefacePlan = options.has('cleanRecognizableVisualFeatures')
    ? await planDefacing(files)
    : { series: new Map(), undefaceable: new Set<string>() };

  let done = 0;
  const createdFolders = new Set<string>();
  // Files are handed over one after the other, in input order, so "which of two copies of an
  // instance is kept" never depends on timing; computing and writing overlap with the next reads.
  // The reads themselves start at once and run side by side (each is several round trips to the
  // thread pool; one after the other they left the engine waiting on the disk): only their
  // results are delivered in order.
  let readQueue: Promise<unknown> = Promise.resolve();
  const readInOrder = (path: string): Promise<Buffer> => {
    const started = readWhole(path);
    // Handled here so a failed read never counts as unhandled while it waits for its turn; the
    // failure still reaches the caller through `read`.
    started.catch(() => undefined);
    const read = readQueue.then(() => started);
    readQueue = read.catch(() => undefined);
    return read;
  };
  /** Returns the bookkeeping of a written output, run by `settle` in input order; undefined when nothing was written. */
  const one = async (index: number): Promise<(() => void) | undefined> => {
    settings.signal?.throwIfAborted();
    let file: DicomFile;
    try {
      const read = await readInOrder(files[index]!);
      // A view of the read buffer (`new Uint8Array(buffer)` would copy the whole file).
      file = parseDicomFile(new Uint8Array(read.buffer, read.byteOffset, read.byteLength));
    } catch (error) {
      if (error instanceof DicomFormatError || error instanceof RangeError) {
        report.excluded.push({
          inputIndex: index,
          reason:
            error instanceof DicomFormatError && error.problem === 'not-dicom'
              ? 'notDicom'
              : 'unreadable',
        });
        return;
      }
      throw error;
    }
    if (isMediaDirectory(file)) {
      // A DICOMDIR (PS3.10 §8) is an index of a medium, not an instance: its records name the
      // patient's folders and files. It is never sent.
      report.excluded.push({ inputIndex: index, reason: 'notAnInstance' });
      return;
    }
    if (isEncapsulatedDocument(file)) {
      // A PDF, CDA or mesh payload cannot be shown free of identity (encapsulatedDocuments.ts).
      report.excluded.push({ inputIndex: index, reason: 'encapsulatedDocument' });
      return;
    }
    const identity = instanceIdentity(file);
    if (seen.has(identity.sopInstanceUid)) {
      report.excluded.push({ inputIndex: index, reason: 'duplicate' });
      return;
    }
    seen.add(identity.sopInstanceUid);

    let pixelEdit: PixelEdit | undefined;
    let cleansBurnedInText = false;
    let pixelsUnverified = false;
    let reviewed = false;
    let plan: PixelCleaningPlan | undefined;
    const image = imagePixelModule(file.body);
    if (options.has('cleanPixelData')) {
      try {
        plan = await planPixelCleaning(file, identity, image, rules);
      } catch (error) {
        if (error instanceof PixelDecodeError) {
          report.excluded.push({ inputIndex: index, reason: 'cannotDecodePixels' });
          return;
        }
        throw error;
      }
      const sopInstanceUid = newUid(identity.sopInstanceUid);
      const seriesInstanceUid = newUid(identity.seriesInstanceUid);
      const picture = (): void => {
        if (
          settings.thumbnails !== true ||
          plan?.firstFrame === undefined ||
          thumbnails.size >= MAX_THUMBNAILS
        )
          return;
        seriesShown.add(seriesInstanceUid);
        thumbnails.set(sopInstanceUid, {
          sopInstanceUid,
          seriesInstanceUid,
          ...reviewThumbnail(plan.firstFrame.frame, plan.firstFrame.image),
        });
      };
      if (
        plan.frameRegions !== undefined ||
        plan.hold !== undefined ||
        !seriesShown.has(seriesInstanceUid)
      )
        picture();
      if (plan.hold !== undefined) {
        held.push({
          inputIndex: index,
          sopInstanceUid,
          seriesInstanceUid,
          reason: plan.hold,
          regions: reportedRegions(plan),
          frames: image.frames,
        });
        if (settings.reviewed?.has(sopInstanceUid) !== true) {
          report.excluded.push({ inputIndex: index, reason: plan.hold });
          return;
        }
        reviewed = true;
      }
      if (plan.frameRegions !== undefined)
        pixelEdit = { kind: 'frameRegions', regions: plan.frameRegions };
      // Burned In Annotation NO, and the Clean Pixel Data code, only for pixels checked clean.
      cleansBurnedInText = plan.scanned && plan.hold === undefined;
      pixelsUnverified = plan.hold !== undefined;
    } else if (identity.burnedInAnnotation === 'YES') {
      // The basic profile alone does not touch pixels (PS3.15 E.3.1): text burned into them would leave.
      report.excluded.push({ inputIndex: index, reason: 'burnedInTextNotCleaned' });
      return;
    }
    if (defacing.undefaceable.has(identity.sopInstanceUid)) {
      // The option promises no face leaves; a head volume we cannot deface is not sent at all.
      report.excluded.push({ inputIndex: index, reason: 'cannotDeface' });
      return;
    }
    const faceMasks = defacing.series
      .get(identity.seriesInstanceUid)
      ?.masks.get(identity.sopInstanceUid);
    if (pixelEdit === undefined && faceMasks !== undefined)
      pixelEdit = { kind: 'voxels', masks: faceMasks };

    const collector = new ReportCollector(kinds);
    let result;
    try {
      result = await deidentifyInstance({
        file,
        options,
        keys: settings.keys,
        report: collector,
        uidMap,
        pixelEdit,
        cleansBurnedInText,
        pixelsUnverified,
        removesFace: faceMasks !== undefined,
      });
    } catch (error) {
      if (error instanceof PixelDecodeError) {
        report.excluded.push({ inputIndex: index, reason: 'cannotDecodePixels' });
        return;
      }
      throw error;
    }
    const path = join(
      outDir,
      safeName(result.studyInstanceUid),
      safeName(result.seriesInstanceUid),
      `${safeName(result.sopInstanceUid)}.dcm`,
    );
    const chunks = result.chunks;
    // The bookkeeping returned below may wait for earlier inputs while holding `result`: not its bytes.
    result.chunks = [];
    const bytes = await writeOutput(path, chunks, createdFolders);
    outputFiles.push({
      inputIndex: index,
      path,
      studyInstanceUid: result.studyInstanceUid,
      seriesInstanceUid: result.seriesInstanceUid,
      sopInstanceUid: result.sopInstanceUid,
      bytes,
    });

    return () => {
      let study = studies.get(result.studyInstanceUid);
      if (study === undefined) {
        study = {
          collector: new ReportCollector(kinds),
          series: new Set(),
          entry: {
            studyInstanceUid: result.studyInstanceUid,
            patientPseudonym: result.patientPseudonym,
            instances: 0,
            series: 0,
            ...(options.has('retainLongitudinalModifiedDates')
              ? { dateOffsetDays: result.dateOffsetDays }
              : {}),
            entries: [],
            masked: [],
            defaced: [],
          },
        };
        studies.set(result.studyInstanceUid, study);
        report.studies.push(study.entry);
      }
      study.collector.merge(collector);
      study.series.add(result.seriesInstanceUid);
      study.entry.instances++;
      if (pixelEdit?.kind === 'frameRegions' && plan !== undefined) {
        study.entry.masked.push({
          sopInstanceUid: result.sopInstanceUid,
          seriesInstanceUid: result.seriesInstanceUid,
          rule: plan.rule?.name ?? 'text detector',
          regions: reportedRegions(plan),
          detected: plan.detected.length,
          frames: image.frames,
          decompressed: result.decompressed,
          ...(reviewed ? { reviewed } : {}),
        });
      }
      if (faceMasks !== undefined && pixelEdit?.kind === 'voxels') {
        const plan = defacing.series.get(identity.seriesInstanceUid)!;
        let defaced = study.entry.defaced.find(
          (entry) => entry.seriesInstanceUid === result.seriesInstanceUid,
        );
        if (defaced === undefined) {
          defaced = {
            seriesInstanceUid: result.seriesInstanceUid,
            voxelsRemoved: plan.voxelsRemoved,
            instances: 0,
          };
          study.entry.defaced.push(defaced);
        }
        defaced.instances++;
      }
      if (!patients.has(identity.patientKey))
        patients.set(identity.patientKey, {
          originalId: identity.patientId,
          pseudonym: result.patientPseudonym,
          dateOffsetDays: result.dateOffsetDays,
        });
      settings.onProgress?.(++done, files.length);
    };
  };
  // The report (order of studies, of masked and defaced entries, of entries that sort equal) and
  // the vault's patient list are built in input order, whichever instance finishes first: reads
  // now run side by side, so finishing order alone would make them depend on timing.
  const finished = new Map<number, (() => void) | undefined>();
  let nextToSettle = 0;
  const settle = (index: number, bookkeeping: (() => void) | undefined): void => {
    finished.set(index, bookkeeping);
    while (finished.has(nextToSettle)) {
      const pending = finished.get(nextToSettle);
      finished.delete(nextToSettle++);
      pending?.();
    }
  };
  // A few instances in flight, so reading, computing and writing overlap; memory stays bounded
  // by that number of files. Everything shared is updated between awaits, so no locks are needed.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      settle(index, await one(index));
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, files.length) }, worker));
  outputFiles.sort((a, b) => a.inputIndex - b.inputIndex);
  report.excluded.sort((a, b) => a.inputIndex - b.inputIndex);
  for (const study of studies.values()) {
    study.entry.entries = study.collector.entries();
    study.entry.series = study.series.size;
  }
  if (settings.vault)
    await settings.vault.record({ uids: uidMap, patients: [...patients.values()] });
  return { outputFiles, report, thumbnails: [...thumbnails.values()] };

  /** The UID an original gets in the output (as deidentifyInstance gives it). */
  function newUid(uid: string): string {
    if (uid === '') return '';
    return uidMap.get(uid) ?? (options.has('retainUIDs') ? uid : settings.keys.uid(uid));
  }
}

/** Regions to report: the rule's, then the detector's, at most 64 (the rest as one box around them). */
function reportedRegions(
  plan: PixelCleaningPlan,
): DeidReport['studies'][number]['masked'][number]['regions'] {
  const all = [
    ...(plan.rule?.regions ?? []).map(({ x, y, width, height }) => ({ x, y, width, height })),
    ...plan.detected,
  ];
  if (all.length <= 64) return all;
  const rest = all.slice(63);
  const x = Math.min(...rest.map((r) => r.x));
  const y = Math.min(...rest.map((r) => r.y));
  return [
    ...all.slice(0, 63),
    {
      x,
      y,
      width: Math.max(...rest.map((r) => r.x + r.width)) - x,
      height: Math.max(...rest.map((r) => r.y + r.height)) - y,
    },
  ];
}

/** The callback form of readFile: measured here it costs less CPU per file than the promise form (Node 20), whose FileHandle machinery adds work to every read. */
const readWhole = promisify(readFileWithCallback);

/** New UIDs are digits and dots; anything else never reaches a file name. */
function safeName(uid: string): string {
  return uid.replace(/[^0-9.]/g, '_') || 'unknown';
}
