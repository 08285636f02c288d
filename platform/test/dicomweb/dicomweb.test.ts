import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMultipart,
  newBoundary,
  parseMediaType,
  parseMultipart,
} from '../../dicomweb/multipartRelated.js';
import type { Platform } from '../../server/startPlatform.js';
import { testData } from '../support/paths.js';
import { login, startTestPlatform } from '../support/platformHarness.js';
import { accessTokenWith } from '../support/tokens.js';

const folder = testData('mr-head-t1-siemens-xa30-classic');
let platform: Platform;
let token: string;
let files: Buffer[];

beforeAll(async () => {
  platform = await startTestPlatform({ maxStowBytes: 4 * 1024 * 1024 });
  await platform.accounts.create({
    username: 'reader',
    name: 'reader',
    role: 'radiologist',
    password: 'reader-password',
    totpSecret: 'JBSWY3DPEHPK3PXP',
  });
  token = (await login(platform, 'reader', 'reader-password', 'JBSWY3DPEHPK3PXP')).access_token;
  const names = (await readdir(folder))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, 3);
  files = await Promise.all(names.map((name) => readFile(join(folder, name))));
});
afterAll(async () => platform.close());

function stow(
  parts: { contentType: string; body: Uint8Array }[],
  bearer = token,
  path = '/studies',
): Promise<Response> {
  const boundary = newBoundary();
  return fetch(`${platform.dicomwebUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
      accept: 'application/dicom+json',
    },
    body: buildMultipart(boundary, parts),
  });
}

const dicomParts = (): { contentType: string; body: Uint8Array }[] =>
  files.map((body) => ({ contentType: 'application/dicom', body }));
type Dataset = Record<string, { vr: string; Value?: unknown[] }>;

describe('DICOMweb access needs two factors', () => {
  it('refuses a missing, forged or one-factor token with the RFC 6750 / RFC 9470 challenges', async () => {
    const none = await fetch(`${platform.dicomwebUrl}/studies`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');

    const forged = await fetch(`${platform.dicomwebUrl}/studies`, {
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const passwordOnly = await accessTokenWith(platform, { sub: 'someone', amr: ['pwd'] });
    for (const response of [
      await fetch(`${platform.dicomwebUrl}/studies`, {
        headers: { authorization: `Bearer ${passwordOnly}` },
      }),
      await stow(dicomParts(), passwordOnly),
      await fetch(`${platform.dicomwebUrl}/workitems`, {
        headers: { authorization: `Bearer ${passwordOnly}` },
      }),
    ]) {
      expect(response.status).toBe(401);
      const challenge = response.headers.get('www-authenticate')!;
      expect(challenge).toContain('error="insufficient_user_authentication"');
      expect(challenge).toContain('acr_values="urn:mitate:acr:mfa"');
    }
    expect(await platform.store.filesOnDisk()).toBe(0);

    const noScope = await accessTokenWith(platform, {
      sub: 'someone',
      amr: ['pwd', 'otp'],
      scope: 'catalog',
    });
    expect(
      (
        await fetch(`${platform.dicomwebUrl}/studies`, {
          headers: { authorization: `Bearer ${noScope}` },
        })
      ).status,
    ).toBe(403);
  });
});

describe('STOW-RS, QIDO-RS and WADO-RS round trip', () => {
  it('stores real MR instances, finds them by study, series and instance, and returns the same bytes', async () => {
    const stored = await stow(dicomParts());
    expect(stored.status).toBe(200);
    const answer = (await stored.json()) as Dataset;
    const references = answer['00081199']!.Value as Dataset[];
    expect(references).toHaveLength(3);
    const studyUrl = answer['00081190']!.Value![0] as string;
    const studyUid = studyUrl.split('/').pop()!;

    const auth = { authorization: `Bearer ${token}` };
    const studies = (await (
      await fetch(`${platform.dicomwebUrl}/studies?StudyInstanceUID=${studyUid}`, { headers: auth })
    ).json()) as Dataset[];
    expect(studies).toHaveLength(1);
    expect(studies[0]!['00201208']!.Value).toEqual([3]);
    expect(studies[0]!['00080061']!.Value).toEqual(['MR']);

    const series = (await (
      await fetch(`${platform.dicomwebUrl}/studies/${studyUid}/series?Modality=MR`, {
        headers: auth,
      })
    ).json()) as Dataset[];
    expect(series).toHaveLength(1);
    const seriesUid = series[0]!['0020000E']!.Value![0] as string;
    expect(
      (await (
        await fetch(`${platform.dicomwebUrl}/series?Modality=CT`, { headers: auth })
      ).json()) as Dataset[],
    ).toHaveLength(0);

    const instances = (await (
      await fetch(`${platform.dicomwebUrl}/studies/${studyUid}/series/${seriesUid}/instances`, {
        headers: auth,
      })
    ).json()) as Dataset[];
    expect(instances).toHaveLength(3);
    const sopUid = references[1]!['00081155']!.Value![0] as string;

    const one = await fetch(
      `${platform.dicomwebUrl}/studies/${studyUid}/series/${seriesUid}/instances/${sopUid}`,
      {
        headers: {
          ...auth,
          accept: 'multipart/related; type="application/dicom"; transfer-syntax=*',
        },
      },
    );
    expect(one.status).toBe(200);
    const media = parseMediaType(one.headers.get('content-type')!)!;
    expect(media.parameters.get('type')).toBe('application/dicom');
    const parts = parseMultipart(
      Buffer.from(await one.arrayBuffer()),
      media.parameters.get('boundary')!,
    );
    expect(parts).toHaveLength(1);
    expect(Buffer.compare(parts[0]!.body, files[1]!)).toBe(0);

    const whole = await fetch(`${platform.dicomwebUrl}/studies/${studyUid}`, { headers: auth });
    const all = parseMultipart(
      Buffer.from(await whole.arrayBuffer()),
      parseMediaType(whole.headers.get('content-type')!)!.parameters.get('boundary')!,
    );
    expect(all.map((part) => part.body.length).sort()).toEqual(
      files.map((file) => file.length).sort(),
    );

    const metadata = (await (
      await fetch(`${platform.dicomwebUrl}/studies/${studyUid}/metadata`, { headers: auth })
    ).json()) as Dataset[];
    expect(metadata).toHaveLength(3);
    expect(
      (
        await fetch(`${platform.dicomwebUrl}/studies/${studyUid}`, {
          headers: { ...auth, accept: 'image/jpeg' },
        })
      ).status,
    ).toBe(406);

    // Another user sees nothing of it.
    const stranger = await accessTokenWith(platform, { sub: 'stranger', amr: ['pwd', 'otp'] });
    expect(
      await (
        await fetch(`${platform.dicomwebUrl}/studies`, {
          headers: { authorization: `Bearer ${stranger}` },
        })
      ).json(),
    ).toEqual([]);
    expect(
      (
        await fetch(`${platform.dicomwebUrl}/studies/${studyUid}`, {
          headers: { authorization: `Bearer ${stranger}` },
        })
      ).status,
    ).toBe(404);
  });

  it('answers bad requests with an error status and keeps running', async () => {
    const notDicom = await stow([
      { contentType: 'application/dicom', body: Buffer.from('not a DICOM file at all') },
    ]);
    expect(notDicom.status).toBe(409);
    expect(((await notDicom.json()) as Dataset)['00081198']!.Value).toHaveLength(1);

    const mixed = await stow([
      ...dicomParts().slice(0, 1),
      { contentType: 'text/plain', body: Buffer.from('hello') },
    ]);
    expect(mixed.status).toBe(202);

    const wrongStudy = await stow(dicomParts().slice(0, 1), token, '/studies/1.2.3.4');
    expect(wrongStudy.status).toBe(409);

    const headers = { authorization: `Bearer ${token}` };
    const wrongType = await fetch(`${platform.dicomwebUrl}/studies`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    const broken = await fetch(`${platform.dicomwebUrl}/studies`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'multipart/related; type="application/dicom"; boundary=abc',
      },
      body: '--abc\r\nContent-Type: application/dicom\r\n\r\nunterminated',
    });
    expect(broken.status).toBe(400);
    const huge = await fetch(`${platform.dicomwebUrl}/studies`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'multipart/related; type="application/dicom"; boundary=abc',
      },
      body: new Uint8Array(5 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    const badQuery = await fetch(`${platform.dicomwebUrl}/studies?NoSuchKey=1`, { headers });
    expect(badQuery.status).toBe(400);
    expect((await fetch(`${platform.dicomwebUrl}/studies`, { headers })).status).toBe(200);
  });
});

describe('robustness', () => {
  it('answers random bytes on every route with a 4xx and keeps serving', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const routes = [
      '/studies',
      '/studies/1.2.3',
      '/workitems',
      '/workitems/1.2.3',
      '/workitems/1.2.3/state',
      '/workitems/1.2.3/cancelrequest',
      '/workitems/1.2.3/subscribers/AE',
    ];
    const bodies = [
      Buffer.alloc(0),
      Buffer.from('[]'),
      Buffer.from('[{}, {}]'),
      Buffer.from('{"00741000": {"vr": "CS", "Value": "no array"}}'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    ];
    for (const path of routes) {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        for (const body of bodies) {
          for (const contentType of [
            'application/dicom+json',
            'multipart/related; type="application/dicom"; boundary=zz',
            'text/plain',
          ]) {
            const response = await fetch(`${platform.dicomwebUrl}${path}`, {
              method,
              headers: { ...headers, 'content-type': contentType },
              body: new Uint8Array(body),
            });
            expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
            expect(response.status, `${method} ${path}`).toBeLessThan(500);
          }
        }
      }
    }
    expect((await fetch(`${platform.dicomwebUrl}/studies`, { headers })).status).toBe(200);
  });
});

describe('no image retention', () => {
  it('deletes stored instances when their time to live ends and leaves the scratch folder empty', async () => {
    const short = await startTestPlatform({ imageTtlMs: 300, sweepIntervalMs: 100 });
    try {
      await short.accounts.create({
        username: 'ttl',
        name: 'ttl',
        role: 'doctor',
        password: 'ttl-password',
        totpSecret: 'JBSWY3DPEHPK3PXP',
      });
      const shortToken = (await login(short, 'ttl', 'ttl-password', 'JBSWY3DPEHPK3PXP'))
        .access_token;
      const boundary = newBoundary();
      const response = await fetch(`${short.dicomwebUrl}/studies`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${shortToken}`,
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        },
        body: buildMultipart(boundary, dicomParts()),
      });
      expect(response.status).toBe(200);
      expect(await readdir(join(short.scratchFolder, 'instances'))).toHaveLength(3);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await readdir(join(short.scratchFolder, 'instances'))).toEqual([]);
      expect(await readdir(join(short.scratchFolder, 'jobs'))).toEqual([]);
      expect(
        await (
          await fetch(`${short.dicomwebUrl}/studies`, {
            headers: { authorization: `Bearer ${shortToken}` },
          })
        ).json(),
      ).toEqual([]);
    } finally {
      await short.close();
    }
  });
});
