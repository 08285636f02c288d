/**
 * The renderer's Content-Security-Policy, sent by both hosts with every page.
 *
 * - no 'unsafe-eval': the cornerstone codecs are WebAssembly, which needs only 'wasm-unsafe-eval';
 * - workers come from our own origin (the decode worker) or blob: (vtk.js builds some at run time);
 * - 'self' for connect covers the image requests and, in the dev host, its WebSocket;
 * - styles: React sets style properties through the CSSOM, which CSP does not restrict, but
 *   vtk.js and cornerstone insert a few <style> elements, hence 'unsafe-inline' for styles only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
