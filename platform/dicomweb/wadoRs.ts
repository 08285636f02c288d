import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { BearerCheck } from '../identity/index.js';
import { HttpError, sendDicomJson, type Route } from '../http/index.js';
import type { InstanceStore, StoredInstance } from './instanceStore.js';
import { closingDelimiter, newBoundary, partHeader } from './multipartRelated.js';
import { instanceAttributes } from './qidoRs.js';

/**
 * WADO-RS (PS3.18 §10.4): retrieve a study, series or instance as
 * `multipart/related; type="application/dicom"` in the stored transfer syntax, or its
 * `/metadata` as DICOM JSON (the QIDO attributes of each instance). Parts are streamed from
 * disk. When a retrieval has been sent completely, the store is told, so results are deleted
 * once the client has them all.
 */
const PATH =
  /^\/dicomweb\/studies\/([\d.]{1,64})(?:\/series\/([\d.]{1,64}))?(?:\/instances\/([\d.]{1,64}))?(\/metadata)?$/;

/** True unless the Accept header rules out application/dicom (PS3.18 §8.7.3). */
function acceptsDicom(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const value = range.trim().toLowerCase();
    if (value.startsWith('*/*') || value.startsWith('multipart/*')) return true;
    if (!value.startsWith('multipart/related')) return value.startsWith('application/dicom');
    const type = /type="?([^";]+)"?/.exec(value)?.[1];
    const syntax = /transfer-syntax=([^;\s]+)/.exec(value)?.[1];
    return (
      (type === undefined || type === 'application/dicom') &&
      (syntax === undefined || syntax === '*' || syntax === '"*"')
    );
  });
}

/** Streams one file into the open response, honouring back-pressure; false if the client went away. */
async function copyInto(res: ServerResponse, file: string): Promise<boolean> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    if (res.destroyed) return false;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  return !res.destroyed;
}

async function streamInstances(
  res: ServerResponse,
  instances: StoredInstance[],
  baseUrl: string,
): Promise<boolean> {
  const boundary = newBoundary();
  res.writeHead(200, {
    'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
    'cache-control': 'no-store',
  });
  for (const [index, instance] of instances.entries()) {
    const h = instance.header;
    if (index > 0) res.write('\r\n');
    res.write(
      partHeader(boundary, `application/dicom; transfer-syntax=${h.transferSyntaxUid}`, {
        'Content-Location': `${baseUrl}/studies/${h.studyInstanceUid}/series/${h.seriesInstanceUid}/instances/${h.sopInstanceUid}`,
      }),
    );
    if (!(await copyInto(res, instance.file))) return false;
  }
  await new Promise<void>((resolve) => res.end(closingDelimiter(boundary), () => resolve()));
  // Finished means every byte was handed to the connection (the client may close it right after).
  return res.writableFinished;
}

export function wadoRoute(store: InstanceStore, authorize: BearerCheck, baseUrl: string): Route {
  return async ({ req, res, url }) => {
    if (req.method !== 'GET') return false;
    const match = PATH.exec(url.pathname);
    if (match === null) return false;
    const [, studyUid, seriesUid, sopInstanceUid, metadata] = match;
    if (sopInstanceUid !== undefined && seriesUid === undefined) return false;
    const caller = await authorize(req);
    const instances = store
      .find(caller.subject, { studyUid, seriesUid, sopInstanceUid })
      .sort((a, b) => (a.header.instanceNumber ?? 0) - (b.header.instanceNumber ?? 0));
    if (instances.length === 0) throw new HttpError(404, 'not_found');
    if (metadata !== undefined) {
      sendDicomJson(
        res,
        200,
        instances.map((instance) => instanceAttributes(instance, baseUrl)),
      );
      return true;
    }
    if (!acceptsDicom(req.headers.accept)) throw new HttpError(406, 'not_acceptable');
    if (await streamInstances(res, instances, baseUrl)) await store.markRetrieved(instances);
    return true;
  };
}
