/**
 * A DICOMweb server on loopback that misbehaves on purpose, over real HTTP: it drops the
 * connection in the middle of a WADO-RS answer, sends malformed multipart, answers a query with
 * thousands of studies (or ignores `offset`), lists and sends duplicate UIDs, or stalls. It
 * serves real instances given to it and records which instances were asked for one by one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dicomParser from 'dicom-parser';

export type HostileMode =
  | 'honest'
  | 'drop-study'
  | 'drop-everything'
  | 'malformed'
  | 'duplicates'
  | 'stall-study'
  | 'many-studies'
  | 'ignore-offset';

interface Instance {
  study: string;
  series: string;
  sop: string;
  bytes: Buffer;
}

export interface HostileDicomweb {
  url: string;
  mode: HostileMode;
  /** SOP Instance UIDs asked for one by one (instance-level WADO-RS), in order. */
  singleRequests: string[];
  /** Whole-study WADO-RS requests seen. */
  studyRequests: number;
  close(): Promise<void>;
}

const BOUNDARY = 'hostile-boundary-1234';
/** Studies the "many" answers pretend to hold. */
export const MANY_STUDIES = 25_000;

const text = (bytes: Buffer, tag: string): string =>
  dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string(tag)!.trim();

function part(bytes: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`),
    bytes,
    Buffer.from('\r\n'),
  ]);
}

const studyJson = (index: number): Record<string, unknown> => ({
  '0020000D': { vr: 'UI', Value: [`1.2.826.0.1.3680043.10.1.${index + 1}`] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: `TEST^P${index}` }] },
  '00100020': { vr: 'LO', Value: [`ID${index}`] },
  '00080020': { vr: 'DA', Value: ['20260101'] },
  '00080061': { vr: 'CS', Value: ['CT'] },
});

export async function startHostileDicomweb(files: Buffer[]): Promise<HostileDicomweb> {
  const instances: Instance[] = files.map((bytes) => ({
    study: text(bytes, 'x0020000d'),
    series: text(bytes, 'x0020000e'),
    sop: text(bytes, 'x00080018'),
    bytes,
  }));
  const state = { mode: 'honest' as HostileMode, singleRequests: [] as string[], studyRequests: 0 };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/dicom-web/, '');
    const limit = Number(url.searchParams.get('limit') ?? '1000');
    const offset = Number(url.searchParams.get('offset') ?? '0');
    const json = (body: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/dicom+json' });
      response.end(JSON.stringify(body));
    };
    const multipart = (): void => {
      response.writeHead(200, {
        'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
      });
    };
    if (path === '/studies') {
      if (state.mode === 'many-studies' || state.mode === 'ignore-offset') {
        const start = state.mode === 'ignore-offset' ? 0 : offset;
        const end = Math.min(MANY_STUDIES, start + limit);
        return json(
          Array.from({ length: Math.max(0, end - start) }, (_, at) => studyJson(start + at)),
        );
      }
      const studies = [...new Set(instances.map((one) => one.study))];
      return json(
        studies
          .slice(offset, offset + limit)
          .map((uid) => ({ '0020000D': { vr: 'UI', Value: [uid] } })),
      );
    }
    const instanceList = /^\/studies\/([\d.]+)\/instances$/.exec(path);
    if (instanceList !== null) {
      const listed = instances.filter((one) => one.study === instanceList[1]);
      const doubled = state.mode === 'duplicates' ? [...listed, ...listed] : listed;
      return json(
        doubled.slice(offset, offset + limit).map((one) => ({
          '00080018': { vr: 'UI', Value: [one.sop] },
          '0020000E': { vr: 'UI', Value: [one.series] },
        })),
      );
    }
    const single = /^\/studies\/([\d.]+)\/series\/([\d.]+)\/instances\/([\d.]+)$/.exec(path);
    if (single !== null) {
      state.singleRequests.push(single[3]!);
      const one = instances.find((item) => item.sop === single[3]);
      if (one === undefined) {
        response.writeHead(404).end();
        return;
      }
      if (state.mode === 'drop-everything') return request.socket.destroy();
      multipart();
      if (state.mode === 'malformed')
        return response.end(Buffer.from('--nonsense\r\n\r\nno delimiter'));
      response.end(Buffer.concat([part(one.bytes), Buffer.from(`--${BOUNDARY}--\r\n`)]));
      return;
    }
    const study = /^\/studies\/([\d.]+)$/.exec(path);
    if (study !== null) {
      state.studyRequests++;
      const listed = instances.filter((one) => one.study === study[1]);
      multipart();
      if (state.mode === 'malformed') {
        // Headers that never end, then the body stops: no part can be cut from it.
        response.end(
          Buffer.concat([
            Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n`),
            listed[0]!.bytes,
          ]),
        );
        return;
      }
      const half = Math.floor(listed.length / 2);
      if (
        state.mode === 'drop-study' ||
        state.mode === 'drop-everything' ||
        state.mode === 'stall-study'
      ) {
        // Half the parts, then half of the next one, then the connection goes (or hangs).
        response.write(Buffer.concat(listed.slice(0, half).map((one) => part(one.bytes))));
        response.write(part(listed[half]!.bytes).subarray(0, 4000));
        if (state.mode !== 'stall-study') setTimeout(() => request.socket.destroy(), 20);
        return;
      }
      const sent = state.mode === 'duplicates' ? [...listed, ...listed] : listed;
      response.end(
        Buffer.concat([...sent.map((one) => part(one.bytes)), Buffer.from(`--${BOUNDARY}--\r\n`)]),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dicom-web`,
    get mode() {
      return state.mode;
    },
    set mode(mode: HostileMode) {
      state.mode = mode;
    },
    get singleRequests() {
      return state.singleRequests;
    },
    set singleRequests(list: string[]) {
      state.singleRequests = list;
    },
    get studyRequests() {
      return state.studyRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
