import type { MitateApi } from '../../preload/contract/index.js';

declare global {
  interface Window {
    /** Provided by the Electron preload or the dev host's bridge; nothing else crosses over. */
    readonly mitate: MitateApi;
  }
}

export function host(): MitateApi {
  return window.mitate;
}
