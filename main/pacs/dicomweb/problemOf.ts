/**
 * What went wrong talking to a DICOMweb node, as the one problem the user is told. Node's fetch
 * hides the socket error in `cause`; its code says refused, unreachable or TLS.
 */
import type { PacsProblem } from '../../../preload/contract/index.js';
import { DicomwebError, PartTooLargeError } from '../../dicomweb/index.js';
import { isResponseTooLarge } from '../../net/index.js';
import { PacsError } from '../pacsClient.js';

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_OSSL/;

/** The error code of the socket underneath (or TimeoutError for a time limit), where there is one. */
function socketCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current.name === 'TimeoutError' || current.message === 'idle') return 'ETIMEDOUT';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

export function problemOf(error: unknown): PacsProblem {
  if (error instanceof PacsError) return error.problem;
  if (error instanceof Error && error.name === 'AbortError') return 'cancelled';
  if (isResponseTooLarge(error) || error instanceof PartTooLargeError) return 'response_too_large';
  if (error instanceof DicomwebError) {
    // The Authorization header is built inside the exchange: a missing secret arrives wrapped.
    if (error.cause instanceof PacsError) return error.cause.problem;
    if (error.kind === 'invalid-response') return 'protocol_error';
    if (error.kind === 'http') {
      if (error.status === 401 || error.status === 403) return 'unauthorized';
      if (error.status === 404) return 'not_found';
      if (error.status === 408 || error.status === 504) return 'timeout';
      return 'protocol_error';
    }
  }
  return networkProblem(error);
}

function networkProblem(error: unknown): PacsProblem {
  const code = socketCode(error) ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (TLS_CODES.test(code)) return 'tls_failed';
  return 'unreachable';
}

/** The error as a PacsError, keeping only the code: no URL, no patient data. */
export function asPacsError(error: unknown): PacsError {
  return error instanceof PacsError ? error : new PacsError(problemOf(error));
}
