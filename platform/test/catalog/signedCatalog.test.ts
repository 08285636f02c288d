import { compactVerify, createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { catalogServiceSchema } from '../../catalog/serviceCatalog.js';
import type { Platform } from '../../server/startPlatform.js';
import { platformRoot } from '../support/paths.js';
import { startTestPlatform } from '../support/platformHarness.js';

let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => platform.close());

describe('signed service catalog', () => {
  it('is an ES256 JWS that verifies with the published key and lists both reference services', async () => {
    const response = await fetch(`${platform.url}/api/catalog`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jose');
    const jws = await response.text();
    const jwks = createRemoteJWKSet(new URL(`${platform.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await compactVerify(jws, jwks);
    expect(protectedHeader.alg).toBe('ES256');
    const catalog = JSON.parse(new TextDecoder().decode(payload)) as {
      iss: string;
      services: {
        id: string;
        regulatoryStatus: { text: { en: string; ja: string } };
        description: { en: string; ja: string };
        deidentification: { options: unknown[] };
      }[];
    };
    expect(catalog.iss).toBe(platform.url);
    expect(catalog.services.map((service) => service.id)).toEqual([
      'aneurysm-mra',
      'intracranial-seg',
    ]);
    // The aneurysm service says it is no medical device and was validated on phantoms only,
    // with the figures, in both languages.
    const aneurysm = catalog.services[0]!;
    expect(aneurysm.regulatoryStatus.text.en).toBe(
      'Reference algorithm, not a medical device, not for clinical use. Validated on synthetic phantoms only.',
    );
    expect(aneurysm.regulatoryStatus.text.ja).toContain('医療機器ではなく');
    expect(aneurysm.description.en).toMatch(
      /Validated on synthetic phantoms only.*sensitivity 0\.\d\d at 0\.\d false positives per case\. Not a medical device\./,
    );
    expect(aneurysm.description.ja).toMatch(
      /合成ファントムのみで検証.*感度0\.\d\d.*医療機器ではありません/,
    );
    expect(catalog.services[1]!.regulatoryStatus.text.en).toBe(
      'Reference algorithm, not for clinical use.',
    );
    expect(catalog.services[0]!.deidentification.options.length).toBeGreaterThan(0);

    // One changed byte in the payload and the signature no longer holds.
    const [header, body, signature] = jws.split('.');
    const tampered = JSON.stringify({ ...catalog, services: [] });
    await expect(
      compactVerify(`${header}.${Buffer.from(tampered).toString('base64url')}.${signature}`, jwks),
    ).rejects.toThrow();
    expect(body).toBeTruthy();
  });

  it('answers 304 to If-None-Match with its ETag and 200 to another tag', async () => {
    const first = await fetch(`${platform.url}/api/catalog`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${platform.url}/api/catalog`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const weak = await fetch(`${platform.url}/api/catalog`, {
      headers: { 'if-none-match': `"other", W/${etag}` },
    });
    expect(weak.status).toBe(304);
    const stale = await fetch(`${platform.url}/api/catalog`, {
      headers: { 'if-none-match': '"stale"' },
    });
    expect(stale.status).toBe(200);
  });
});

describe('platform/openapi.yaml', () => {
  it('describes the catalog entry with the same fields the server signs, and only routes the server answers', async () => {
    const document = parse(await readFile(`${platformRoot}openapi.yaml`, 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: { CatalogService: { required: string[] } } };
    };
    expect([...document.components.schemas.CatalogService.required].sort()).toEqual(
      Object.keys(catalogServiceSchema.shape).sort(),
    );
    for (const path of Object.keys(document.paths).filter(
      (item) => !item.includes('{') && item !== '/session/end',
    )) {
      const method = document.paths[path]!.get === undefined ? 'POST' : 'GET';
      const response = await fetch(`${platform.url}${path}`, { method, redirect: 'manual' });
      expect(response.status, path).not.toBe(404);
    }
  });
});
