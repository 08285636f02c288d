/**
 * A hostile platform that never stops sending: a QIDO-RS answer, a WADO-RS result and a STOW-RS
 * answer without end, and a WADO-RS answer announcing more than the limit. Each request is
 * aborted at its limit with ResponseTooLargeError (the server sees the client hang up, which
 * bounds the memory), the job's failure code says so, and the same client then works again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomwebClient } from '../../../../main/dicomweb/index.js';
import { failureOf } from '../../../../main/jobs/jobFailure.js';
import { RESPONSE_LIMITS, ResponseTooLargeError } from '../../../../main/net/index.js';
import { startHostilePlatform, type HostilePlatform } from '../../../support/hostilePlatform.js';

let platform: HostilePlatform;
beforeAll(async () => {
  platform = await startHostilePlatform((request, response, endless) => {
    const url = request.url ?? '';
    if (url.startsWith('/dicomweb/studies?ok')) {
      response.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
    } else if (url.startsWith('/dicomweb/studies/2.25.1/series/2.25.2')) {
      endless('multipart/related; type="application/dicom"; boundary=x');
    } else if (url.startsWith('/dicomweb/studies/2.25.9')) {
      response.writeHead(200, {
        'content-type': 'multipart/related; type="application/dicom"; boundary=x',
        'content-length': String(3 * 1024 * 1024 * 1024),
      });
      response.write('--x\r\n');
    } else if (request.method === 'POST') {
      request.resume();
      request.once('end', () => endless('application/dicom+json'));
    } else {
      endless('application/dicom+json');
    }
  });
});
afterAll(() => platform.close());

const client = (): DicomwebClient =>
  new DicomwebClient({ baseUrl: `${platform.url}/dicomweb`, timeoutMs: 20_000 });

describe('answers past their size limit', () => {
  it('an endless QIDO-RS answer stops at the JSON limit', async () => {
    const error = await client()
      .search({ of: 'studies' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).kind).toBe('json');
    expect(failureOf(error)).toBe('response_too_large');
    // The server stopped soon after the limit: the client hung up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(platform.endlessBytesSent()).toBeLessThan(RESPONSE_LIMITS.json + 8 * 1024 * 1024);
    expect(await client().search({ of: 'studies' }, { ok: '1' })).toEqual([]);
  });

  it('an endless WADO-RS result stops at the budget it was given', async () => {
    const error = await client()
      .retrieve({ studyInstanceUid: '2.25.1', seriesInstanceUid: '2.25.2' }, undefined, 1024 * 1024)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).kind).toBe('results');
  });

  it('a WADO-RS answer announcing more than the limit is refused before it is read', async () => {
    const started = Date.now();
    const error = await client()
      .retrieve({ studyInstanceUid: '2.25.9' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an endless STOW-RS answer stops at the JSON limit', async () => {
    const error = await client()
      .store([new Uint8Array(16)])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(await client().search({ of: 'studies' }, { ok: '1' })).toEqual([]);
  });
});
