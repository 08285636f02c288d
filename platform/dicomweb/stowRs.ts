import type { BearerCheck } from '../identity/index.js';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpError, sendDicomJson, type Route } from '../http/index.js';
import { attribute, sequence, tag, type DicomJsonDataset } from './dicomJson.js';
import type { InstanceStore } from './instanceStore.js';
import { parseMediaType } from './multipartRelated.js';
import { MultipartError, spoolMultipart, type SpooledPart } from './multipartSpool.js';

/**
 * STOW-RS (PS3.18 §10.5): `POST /dicomweb/studies[/{study}]` with a
 * `multipart/related; type="application/dicom"` body, one Part 10 instance per part. The answer
 * lists stored instances in the Referenced SOP Sequence and refused ones in the Failed SOP
 * Sequence with a failure reason (PS3.18 §10.5.3, reasons from PS3.4 Annex GG):
 * 0xC000 "cannot understand", 0xA900 "does not match" (a study in the URL that the instance
 * does not belong to). 200 when all are stored, 202 when some are, 409 when none are.
 * The body is never held in memory: its parts are spooled to files as they arrive
 * (multipartSpool.ts), up to `maxRequestBytes`, and moved into the store.
 */
const CANNOT_UNDERSTAND = 0xc000;
const DOES_NOT_MATCH = 0xa900;
const PATH = /^\/dicomweb\/studies(?:\/([\d.]{1,64}))?$/;

export function stowRoute(
  store: InstanceStore,
  authorize: BearerCheck,
  baseUrl: string,
  maxRequestBytes: number,
): Route {
  return async ({ req, res, url }) => {
    const match = PATH.exec(url.pathname);
    if (match === null || req.method !== 'POST') return false;
    const caller = await authorize(req);
    const studyInUrl = match[1];
    const mediaType = parseMediaType(req.headers['content-type']);
    const boundary = mediaType?.parameters.get('boundary');
    const partType = mediaType?.parameters.get('type')?.toLowerCase();
    if (
      mediaType?.type !== 'multipart/related' ||
      boundary === undefined ||
      (partType !== undefined && partType !== 'application/dicom')
    ) {
      throw new HttpError(415, 'unsupported_media_type');
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxRequestBytes) throw new HttpError(413, 'payload_too_large');
    const spool = join(store.incomingFolder, randomUUID());
    await mkdir(spool, { mode: 0o700 });
    let outcome: { status: number; answer: DicomJsonDataset };
    try {
      let parts: SpooledPart[];
      try {
        parts = await spoolMultipart(req, boundary, { folder: spool, maxBytes: maxRequestBytes });
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
        if (error.problem === 'too_large') throw new HttpError(413, 'payload_too_large');
        throw new HttpError(400, 'malformed_multipart');
      }
      if (parts.length === 0) throw new HttpError(400, 'no_instances');
      outcome = await storeParts(store, parts, caller.subject, studyInUrl, baseUrl);
    } finally {
      // Removed before answering: a client that sees the answer finds nothing of its body left.
      await rm(spool, { recursive: true, force: true });
    }
    sendDicomJson(res, outcome.status, outcome.answer);
    return true;
  };
}

/** Stores each spooled part and answers with what was stored and what was refused. */
async function storeParts(
  store: InstanceStore,
  parts: SpooledPart[],
  owner: string,
  studyInUrl: string | undefined,
  baseUrl: string,
): Promise<{ status: number; answer: DicomJsonDataset }> {
  const stored: DicomJsonDataset[] = [];
  const failed: DicomJsonDataset[] = [];
  const studies = new Set<string>();
  for (const part of parts) {
    const type = parseMediaType(part.headers.get('content-type'))?.type ?? 'application/dicom';
    if (type !== 'application/dicom') {
      failed.push({ [tag.failureReason]: attribute('US', CANNOT_UNDERSTAND) });
      continue;
    }
    const outcome = await store.storeFile(part.file, part.size, owner, 'input');
    if (!outcome.ok) {
      failed.push({ [tag.failureReason]: attribute('US', CANNOT_UNDERSTAND) });
      continue;
    }
    const h = outcome.instance.header;
    if (studyInUrl !== undefined && h.studyInstanceUid !== studyInUrl) {
      await store.delete([outcome.instance]);
      failed.push({
        [tag.referencedSopClassUid]: attribute('UI', h.sopClassUid),
        [tag.referencedSopInstanceUid]: attribute('UI', h.sopInstanceUid),
        [tag.failureReason]: attribute('US', DOES_NOT_MATCH),
      });
      continue;
    }
    studies.add(h.studyInstanceUid);
    stored.push({
      [tag.referencedSopClassUid]: attribute('UI', h.sopClassUid),
      [tag.referencedSopInstanceUid]: attribute('UI', h.sopInstanceUid),
      [tag.retrieveUrl]: attribute(
        'UR',
        `${baseUrl}/studies/${h.studyInstanceUid}/series/${h.seriesInstanceUid}/instances/${h.sopInstanceUid}`,
      ),
    });
  }
  const answer: DicomJsonDataset = {};
  if (studies.size === 1)
    answer[tag.retrieveUrl] = attribute('UR', `${baseUrl}/studies/${[...studies][0]}`);
  if (stored.length > 0) answer[tag.referencedSopSequence] = sequence(...stored);
  if (failed.length > 0) answer[tag.failedSopSequence] = sequence(...failed);
  return { status: failed.length === 0 ? 200 : stored.length > 0 ? 202 : 409, answer };
}
