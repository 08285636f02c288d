/**
 * A hostile platform answers the catalog request with a body that never ends. The download stops
 * at the catalog limit, the state carries the `too_large` alert (and the audit log a security
 * alert), and the next sync against a sane answer goes on as usual.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogState } from '../../../../preload/contract/index.js';
import { FileAuditLog } from '../../../../main/audit/fileAuditLog.js';
import { CatalogSync } from '../../../../main/catalog/catalogSync.js';
import { RESPONSE_LIMITS } from '../../../../main/net/index.js';
import { startHostilePlatform, type HostilePlatform } from '../../../support/hostilePlatform.js';

let platform: HostilePlatform;
let hostile = true;
beforeAll(async () => {
  platform = await startHostilePlatform((_request, response, endless) => {
    if (hostile) endless('application/jose');
    else response.writeHead(503).end();
  });
});
afterAll(() => platform.close());

describe('an endless catalog', () => {
  it('is cut at the limit with a security alert, and the app keeps syncing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-hostile-catalog-'));
    const audit = new FileAuditLog({ file: join(dataDir, 'audit.jsonl'), application: 'test' });
    const states: CatalogState[] = [];
    const sync = new CatalogSync({
      dataDir,
      platformUrl: platform.url,
      embedded: true,
      audit,
      onChange: (state) => states.push(state),
      timeoutMs: 20_000,
    });
    const state = await sync.sync();
    expect(state.alert).toBe('too_large');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(platform.endlessBytesSent()).toBeLessThan(RESPONSE_LIMITS.catalog + 8 * 1024 * 1024);
    expect(await readFile(join(dataDir, 'audit.jsonl'), 'utf8')).toContain('catalog_too_large');
    hostile = false;
    const after = await sync.sync();
    expect(after.source).toBe('none');
  });
});
