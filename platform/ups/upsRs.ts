import { z } from 'zod';
import { dicomJsonDatasetSchema, stringValue, type DicomJsonDataset } from '../dicomweb/index.js';
import type { BearerCheck } from '../identity/index.js';
import { HttpError, readJson, sendDicomJson, type Route } from '../http/index.js';
import { AE_TITLE, type EventChannel } from './eventChannel.js';
import {
  publicDataset,
  stateOf,
  UpsError,
  upsTag,
  type ProcedureStepState,
  type WorkItemList,
} from './workItems.js';

/**
 * UPS-RS (PS3.18 §11): work items over HTTP.
 *   POST   /dicomweb/workitems{?workitem}                 create (§11.4)
 *   GET    /dicomweb/workitems{?ProcedureStepState}       search (§11.9)
 *   GET    /dicomweb/workitems/{uid}                      retrieve (§11.5)
 *   POST   /dicomweb/workitems/{uid}                      update (§11.6)
 *   PUT    /dicomweb/workitems/{uid}/state                change state: claim, complete, cancel (§11.7)
 *   POST   /dicomweb/workitems/{uid}/cancelrequest        request cancellation (§11.8)
 *   POST   /dicomweb/workitems/{uid|1.2.840.10008.5.1.4.34.5}/subscribers/{aeTitle}   subscribe (§11.10)
 *   DELETE /dicomweb/workitems/{uid|…}/subscribers/{aeTitle}                           unsubscribe (§11.11)
 * The subscribe answer names the WebSocket event channel in Content-Location.
 */
const GLOBAL_SUBSCRIPTION = '1.2.840.10008.5.1.4.34.5';
const BODY_LIMIT = 1024 * 1024;
const UID = '[\\d.]{1,64}';
const PATH = new RegExp(
  `^/dicomweb/workitems(?:/(${UID})(?:/(state|cancelrequest|subscribers/([^/]{1,16})))?)?$`,
);
const states = z.enum(['SCHEDULED', 'IN PROGRESS', 'COMPLETED', 'CANCELED']);

async function readDataset(req: Parameters<Route>[0]['req']): Promise<DicomJsonDataset> {
  const body = await readJson(req, BODY_LIMIT);
  const candidate = Array.isArray(body) ? (body.length === 1 ? body[0] : undefined) : body;
  const parsed = dicomJsonDatasetSchema.safeParse(candidate);
  if (!parsed.success) throw new HttpError(400, 'invalid_dataset');
  return parsed.data;
}

export function upsRoute(
  workItems: WorkItemList,
  channel: EventChannel,
  authorize: BearerCheck,
  baseUrl: string,
): Route {
  const channelUrl = (aeTitle: string): string =>
    `${baseUrl.replace(/^http/, 'ws')}/subscribers/${encodeURIComponent(aeTitle)}`;
  return async ({ req, res, url }) => {
    const match = PATH.exec(url.pathname);
    if (match === null) return false;
    const [, uid, action, rawAeTitle] = match;
    const caller = await authorize(req);
    try {
      if (uid === undefined) {
        if (req.method === 'POST') {
          const requested = url.searchParams.get('workitem') ?? undefined;
          if (requested !== undefined && !/^[\d.]{1,64}$/.test(requested))
            throw new HttpError(400, 'invalid_uid');
          const item = workItems.create(caller.subject, await readDataset(req), requested);
          const location = `${baseUrl}/workitems/${item.uid}`;
          sendDicomJson(res, 201, {}, { location, 'content-location': location });
          return true;
        }
        if (req.method === 'GET') {
          const wanted =
            url.searchParams.get('ProcedureStepState') ??
            url.searchParams.get(upsTag.procedureStepState);
          const items = workItems
            .list(caller.subject)
            .filter((item) => wanted === null || stateOf(item) === wanted);
          sendDicomJson(res, 200, items.map(publicDataset));
          return true;
        }
        throw new HttpError(405, 'method_not_allowed');
      }

      if (action?.startsWith('subscribers/')) {
        const aeTitle = decodeURIComponent(rawAeTitle ?? '');
        if (!AE_TITLE.test(aeTitle)) throw new HttpError(400, 'invalid_ae_title');
        const target =
          uid === GLOBAL_SUBSCRIPTION ? 'global' : workItems.get(uid, caller.subject).uid;
        if (req.method === 'POST') {
          channel.subscribe(caller.subject, aeTitle, target);
          sendDicomJson(res, 201, {}, { 'content-location': channelUrl(aeTitle) });
        } else if (req.method === 'DELETE') {
          channel.unsubscribe(caller.subject, aeTitle, target);
          res.writeHead(200, { 'content-length': '0' });
          res.end();
        } else throw new HttpError(405, 'method_not_allowed');
        return true;
      }

      const item = workItems.get(uid, caller.subject);
      if (action === undefined && req.method === 'GET') {
        sendDicomJson(res, 200, [publicDataset(item)]);
      } else if (action === undefined && req.method === 'POST') {
        const changes = await readDataset(req);
        workItems.update(
          item,
          changes,
          stringValue(changes, upsTag.transactionUid) ??
            req.headers['x-transaction-uid']?.toString(),
        );
        sendDicomJson(res, 200, {});
      } else if (action === 'state' && req.method === 'PUT') {
        const changes = await readDataset(req);
        const target = states.safeParse(stringValue(changes, upsTag.procedureStepState));
        if (!target.success) throw new HttpError(400, 'invalid_target_state');
        workItems.changeState(
          item,
          target.data as ProcedureStepState,
          stringValue(changes, upsTag.transactionUid),
        );
        sendDicomJson(res, 200, {});
      } else if (action === 'cancelrequest' && req.method === 'POST') {
        const body =
          req.headers['content-length'] === '0' ||
          (req.headers['content-length'] === undefined &&
            req.headers['transfer-encoding'] === undefined)
            ? {}
            : await readDataset(req);
        workItems.requestCancel(item, stringValue(body, upsTag.reasonForCancellation));
        sendDicomJson(res, 202, {});
      } else {
        throw new HttpError(405, 'method_not_allowed');
      }
      return true;
    } catch (error) {
      if (error instanceof UpsError) throw new HttpError(error.status, error.code);
      throw error;
    }
  };
}
