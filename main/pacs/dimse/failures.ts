/**
 * How a DIMSE conversation failed, sorted into what the user is told (PacsProblem). Only codes
 * and fixed words travel: never a PDU's content, which could carry patient data.
 */
import { PacsError } from '../pacsClient.js';
import type { PacsProblem } from '../../../preload/contract/index.js';
import { constants } from './dimseLibrary.js';

const { RejectReason, RejectSource } = constants;

/** A socket error's code (ECONNREFUSED…) as the problem it is for the user. */
export function problemOfSocketError(code: string | undefined, tlsStarted: boolean): PacsProblem {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return 'unreachable';
    default:
      // Any other failure between the TCP connect and the end of the handshake is the TLS layer's
      // (wrong authority, expired or mismatched certificate, no common protocol or cipher).
      if (tlsStarted) return 'tls_failed';
      return 'unreachable';
  }
}

/** An A-ASSOCIATE-RJ (PS3.8 9.3.4): the AE titles not recognized, or anything else. */
export function problemOfReject(reject: { source: number; reason: number }): PacsProblem {
  const aeReason =
    reject.reason === RejectReason.CallingAeNotRecognized ||
    reject.reason === RejectReason.CalledAeNotRecognized;
  return reject.source === RejectSource.ServiceUser && aeReason
    ? 'unknown_ae'
    : 'association_rejected';
}

export function pacsError(problem: PacsProblem, detail: string): PacsError {
  return new PacsError(problem, detail);
}

/** Anything thrown that is not yet a PacsError is a protocol error (a bug's message is kept out). */
export function asPacsError(error: unknown): PacsError {
  return error instanceof PacsError ? error : new PacsError('protocol_error');
}
