/**
 * Catalog sync against the real reference platform over real HTTP: signature check against
 * first-use pinned keys (demo) or policy pins, ETag revalidation, the last good catalog on disk,
 * offline use with the platform stopped, and refusal of a tampered catalog or one signed by a
 * foreign key (served by an impostor on the platform's own address) with a security alert in the
 * real audit log.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogState } from '../../../../preload/contract/index.js';
import { FileAuditLog } from '../../../../main/audit/fileAuditLog.js';
import { catalogCachePath } from '../../../../main/catalog/catalogCache.js';
import { CatalogSync } from '../../../../main/catalog/catalogSync.js';
import { seriesEligibility } from '../../../../main/catalog/seriesEligibility.js';
import type { InstanceHeader } from '../../../../main/dicom/readHeader.js';
import {
  catalogSignedByImpostor,
  startImpostor,
  tamperedCatalog,
  type PlatformImpostor,
} from '../../../support/platformImpostor.js';
import { startTestPlatform, type TestPlatform } from '../../../support/testPlatform.js';

let platform: TestPlatform;
let port: number;
let realJws: string;
let realEtag: string;
let realJwks: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  port = Number(new URL(platform.url).port);
  const response = await fetch(`${platform.url}/api/catalog`);
  realJws = await response.text();
  realEtag = response.headers.get('etag')!;
  realJwks = await (await fetch(`${platform.url}/.well-known/jwks.json`)).text();
});
afterAll(async () => platform.close());

async function newSync(
  options: { embedded?: boolean; pinnedKeys?: string[]; dataDir?: string } = {},
): Promise<{ sync: CatalogSync; dataDir: string; audit: FileAuditLog; states: CatalogState[] }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mitate-catalog-')));
  const audit = new FileAuditLog({
    file: join(dataDir, 'audit.jsonl'),
    application: 'Mitate test',
  });
  const states: CatalogState[] = [];
  const sync = new CatalogSync({
    dataDir,
    platformUrl: platform.url,
    embedded: options.embedded ?? true,
    ...(options.pinnedKeys === undefined ? {} : { pinnedKeys: options.pinnedKeys }),
    audit,
    onChange: (state) => states.push(state),
    timeoutMs: 3000,
  });
  await sync.loadCache();
  return { sync, dataDir, audit, states };
}

async function auditLines(
  dataDir: string,
): Promise<{ event: { code: string }; reason?: string }[]> {
  const text = await readFile(join(dataDir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { event: { code: string }; reason?: string });
}

describe('catalog sync with the real platform', () => {
  it('verifies, caches atomically and revalidates with the ETag; refuses a remote platform without pins', async () => {
    const { sync, dataDir } = await newSync();
    const state = await sync.sync();
    expect(state).toMatchObject({ source: 'network', alert: null });
    expect(state.services.map((service) => service.id)).toEqual([
      'aneurysm-mra',
      'intracranial-seg',
    ]);
    const cached = JSON.parse(await readFile(catalogCachePath(dataDir), 'utf8')) as {
      jws: string;
      etag: string;
    };
    expect(cached).toMatchObject({ jws: realJws, etag: realEtag });

    // Policy pins by RFC 7638 thumbprint work without first use, and a wrong pin refuses.
    const key = (JSON.parse(realJwks) as { keys: JWK[] }).keys[0]!;
    const pinned = await newSync({
      embedded: false,
      pinnedKeys: [await calculateJwkThumbprint(key, 'sha256')],
    });
    expect((await pinned.sync.sync()).source).toBe('network');
    const unpinned = await newSync({ embedded: false });
    expect(await unpinned.sync.sync()).toMatchObject({
      source: 'none',
      alert: 'untrusted_key',
      services: [],
    });
  });

  it('keeps the last good catalog when a tampered or foreign-signed one arrives, shows it offline, and raises an alert', async () => {
    const { sync, dataDir } = await newSync();
    await sync.sync();
    const firstSynced = sync.state().syncedAt;
    await platform.close({ keepData: true });
    let impostor: PlatformImpostor | undefined;
    try {
      // Offline: nothing listens on the platform's address any more.
      const offline = await sync.sync();
      expect(offline).toMatchObject({ source: 'cache', alert: null, syncedAt: firstSynced });
      expect(offline.services).toHaveLength(2);

      // A restart while offline reads the cache from disk and verifies it again.
      const restarted = await newSync({ dataDir });
      expect(restarted.sync.state()).toMatchObject({
        source: 'cache',
        alert: null,
        syncedAt: firstSynced,
      });
      expect(restarted.sync.state().services).toHaveLength(2);

      // The impostor answers If-None-Match with 304: only a conditional request can get that.
      impostor = await startImpostor(port, {
        '/api/catalog': () => ({ status: 304, headers: { etag: realEtag } }),
      });
      const revalidated = await sync.sync();
      expect(impostor.requests[0]?.headers['if-none-match']).toBe(realEtag);
      expect(revalidated.source).toBe('network');
      await impostor.close();

      const tampered = tamperedCatalog(realJws);
      impostor = await startImpostor(port, {
        '/api/catalog': () => ({
          status: 200,
          body: tampered,
          headers: { etag: '"tampered"', 'content-type': 'application/jose' },
        }),
        '/.well-known/jwks.json': () => ({ status: 200, body: realJwks }),
      });
      const refused = await sync.sync();
      expect(refused.alert).toBe('bad_signature');
      expect(
        refused.services.find((service) => service.id === 'aneurysm-mra')?.input.minSlices,
      ).toBe(100);
      await impostor.close();

      const foreign = await catalogSignedByImpostor(realJws);
      impostor = await startImpostor(port, {
        '/api/catalog': () => ({ status: 200, body: foreign.jws, headers: { etag: '"foreign"' } }),
        '/.well-known/jwks.json': () => ({ status: 200, body: foreign.jwks }),
      });
      expect((await sync.sync()).alert).toBe('untrusted_key');
      await impostor.close();

      // The cache on disk is still the platform's own catalog.
      expect(
        (JSON.parse(await readFile(catalogCachePath(dataDir), 'utf8')) as { jws: string }).jws,
      ).toBe(realJws);
      const alerts = (await auditLines(dataDir)).filter((line) => line.event.code === '110113');
      expect(alerts.map((line) => line.reason)).toEqual([
        'catalog_bad_signature',
        'catalog_untrusted_key',
      ]);

      // An edited cache file is refused like a tampered download.
      const path = catalogCachePath(dataDir);
      const onDisk = JSON.parse(await readFile(path, 'utf8')) as { jws: string };
      await writeFile(path, JSON.stringify({ ...onDisk, jws: tamperedCatalog(onDisk.jws) }));
      const afterEdit = await newSync({ dataDir });
      expect(afterEdit.sync.state()).toMatchObject({ alert: 'bad_signature', services: [] });
    } finally {
      await impostor?.close();
      platform = await startTestPlatform({ dataDir: platform.dataDir, port });
    }
  });
});

describe('series eligibility', () => {
  const header = (overrides: Partial<InstanceHeader>): InstanceHeader => ({
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    sopInstanceUid: '1',
    studyInstanceUid: '1',
    seriesInstanceUid: '1',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    patientName: { alphabetic: '', ideographic: '', phonetic: '' },
    patientId: '',
    patientBirthDate: '',
    studyDate: '',
    studyTime: '',
    studyDescription: '',
    accessionNumber: '',
    modality: 'MR',
    seriesNumber: 1,
    seriesDescription: 'TOF 3D multi-slab',
    instanceNumber: 1,
    numberOfFrames: 1,
    rows: 256,
    columns: 256,
    hasPixelData: true,
    ...overrides,
  });

  it('names every unmet condition of the signed catalog', async () => {
    const { sync } = await newSync();
    const [aneurysm, intracranial] = (await sync.sync()).services;
    const tof = Array.from({ length: 120 }, () => header({}));
    expect(seriesEligibility(aneurysm!, tof, undefined)).toMatchObject({
      eligible: true,
      reasons: [],
      slices: 120,
    });
    expect(seriesEligibility(aneurysm!, tof.slice(0, 30), undefined)).toMatchObject({
      eligible: false,
      reasons: ['too-few-slices'],
      slices: 30,
      minSlices: 100,
    });
    const ct = Array.from({ length: 40 }, () =>
      header({
        modality: 'CT',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        seriesDescription: 'HEAD',
      }),
    );
    expect(seriesEligibility(aneurysm!, ct, undefined).reasons).toEqual([
      'modality',
      'sop-class',
      'too-few-slices',
      'sequence',
    ]);
    expect(seriesEligibility(intracranial!, ct, undefined)).toMatchObject({ eligible: true });
    expect(seriesEligibility(intracranial!, ct, ['aneurysm-mra']).reasons).toEqual(['not-allowed']);
    // A stated body part the service does not read is refused; an empty one is not held against the series.
    expect(
      seriesEligibility(
        aneurysm!,
        Array.from({ length: 120 }, () => header({ bodyPartExamined: 'CHEST' })),
        undefined,
      ).reasons,
    ).toEqual(['body-part']);
    expect(
      seriesEligibility(
        aneurysm!,
        Array.from({ length: 120 }, () => header({ bodyPartExamined: 'head' })),
        undefined,
      ).eligible,
    ).toBe(true);
    expect(
      seriesEligibility(
        aneurysm!,
        Array.from({ length: 120 }, () => header({ bodyPartExamined: '' })),
        undefined,
      ).eligible,
    ).toBe(true);
    // One enhanced multi-frame instance counts its frames as slices.
    expect(
      seriesEligibility(
        aneurysm!,
        [header({ sopClassUid: '1.2.840.10008.5.1.4.1.1.4.1', numberOfFrames: 160 })],
        undefined,
      ).eligible,
    ).toBe(true);
  });
});
