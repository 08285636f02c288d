/**
 * The app:// scheme: the renderer's files and the instances it may read, never file://.
 * Registered as standard and secure so the page has a real origin, fetch works and CSP applies.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../host/index.js';
import { resolveRendererFile } from '../host/index.js';
import { resolveInstanceFile, type StudyLibrary } from '../library/index.js';
import { APP_HOST, APP_SCHEME } from './security.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: false,
        stream: true,
      },
    },
  ]);
}

function fileResponse(path: string, headers: Record<string, string>): Response {
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

/** `onInstanceServed` is told of every instance the renderer reads (audit, 110103). */
export function serveAppScheme(
  rendererDir: string,
  library: StudyLibrary,
  onInstanceServed: (path: string) => void,
  isLocked?: () => Promise<boolean>,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET')
      return new Response('not found', { status: 404 });
    const instance = resolveInstanceFile(library, url.pathname);
    if (instance !== undefined) {
      // The screen lock withholds image bytes too, not only the study list (main/session).
      if (isLocked !== undefined && (await isLocked()))
        return new Response('locked', { status: 423 });
      onInstanceServed(url.pathname);
      return fileResponse(instance.path, {
        'content-type': 'application/dicom',
        'content-length': String(instance.size),
      });
    }
    const file = await resolveRendererFile(rendererDir, url.pathname);
    if (file === undefined) return new Response('not found', { status: 404 });
    return fileResponse(file.path, {
      'content-type': file.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
  });
}
