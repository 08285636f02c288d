/**
 * The failure code a job ends with (the contract's JobFailure, which the jobs panel shows), from
 * the error that stopped it.
 */
import { DicomwebError } from '../dicomweb/index.js';
import { systemCauseOf } from '../errors/index.js';
import { isResponseTooLarge } from '../net/index.js';
import { ForeignReferenceError, InvalidResultError } from '../results/index.js';
import { VaultError } from '../vault/index.js';
import type { JobFailure } from '../../preload/contract/index.js';
import { StowRefusedError } from './stowUpload.js';

export function failureOf(error: unknown): JobFailure {
  if (error instanceof ForeignReferenceError) return 'foreign_reference';
  if (error instanceof InvalidResultError)
    return error.reason === 'malformed-uid' ? 'malformed_result' : 'invalid_result';
  if (isResponseTooLarge(error)) return 'response_too_large';
  if (error instanceof VaultError) return 'vault_unavailable';
  if (error instanceof StowRefusedError) return 'server_refused';
  if (error instanceof DicomwebError) {
    if (error.status === 401 || error.status === 403) return 'not_signed_in';
    return error.kind === 'network' || error.retryable ? 'network' : 'server_refused';
  }
  const cause = systemCauseOf(error);
  if (cause === 'keychain_unavailable') return 'keychain_unavailable';
  if (cause === 'disk_full') return 'disk_full';
  if (cause === 'platform_unreachable') return 'network';
  return 'interrupted';
}
