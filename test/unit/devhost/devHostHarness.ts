import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevHost, type DevHost } from '../../../devhost/server.js';

/**
 * A dev host over a stand-in renderer (one page, one bridge file) and an empty data folder, and
 * the session cookie its launch URL hands out: what the dev host tests attack or use.
 */
export async function startTestDevHost(): Promise<{
  host: DevHost;
  cookie: string;
  launchStatus: number;
}> {
  const rendererDir = await mkdtemp(join(tmpdir(), 'mitate-renderer-'));
  await writeFile(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head></head><body>app</body></html>',
  );
  const bridgeFile = join(rendererDir, 'bridge.js');
  await writeFile(bridgeFile, '/* bridge */');
  const host = await startDevHost({
    rendererDir,
    bridgeFile,
    dataDir: await mkdtemp(join(tmpdir(), 'mitate-data-')),
    version: '0.0.0',
  });
  const login = await fetch(host.launchUrl, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { host, cookie, launchStatus: login.status };
}
