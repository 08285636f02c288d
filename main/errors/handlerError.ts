import type { ErrorCode } from '../../preload/contract/index.js';

/**
 * A failure a handler expects and the renderer can explain. `detail` is for support staff and
 * must never contain patient data or a path (folder names often carry patient names).
 */
export class HandlerError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.name = 'HandlerError';
  }
}
