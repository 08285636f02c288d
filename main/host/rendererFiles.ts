import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface RendererFile {
  path: string;
  size: number;
  contentType: string;
}

/**
 * Maps a URL path to a file of the built renderer, refusing anything outside its folder.
 * Unknown paths that look like app routes fall back to index.html.
 */
export async function resolveRendererFile(
  rendererDir: string,
  urlPath: string,
): Promise<RendererFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const path = join(rendererDir, relative);
  if (!path.startsWith(rendererDir + sep) || relative.includes('\0')) return undefined;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) return undefined;
    return {
      path,
      size: stats.size,
      contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    };
  } catch {
    return undefined;
  }
}
