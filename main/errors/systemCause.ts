/**
 * The system part behind an unexpected failure, when one is missing or full: the OS keychain,
 * the disk, or the network to the platform. Read from what the error carries (an errno code, the
 * keychain's own error code, fetch's cause), never from its message, which can quote a path.
 * Without this, all of these reached the doctor as "something unexpected went wrong".
 */
import type { ErrorCode } from '../../preload/contract/index.js';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
/** The keychain's error (main/keychain KeychainUnavailableError) and the vault's missing key. */
const KEYCHAIN = new Set(['keychainUnavailable']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The error code naming the missing system part, or undefined when the cause is something else. */
export function systemCauseOf(error: unknown): ErrorCode | undefined {
  // fetch wraps the socket's error as `cause`; look one or two levels down.
  for (let current = error, depth = 0; current !== undefined && depth < 3; depth++) {
    const code = codeOf(current);
    if (code !== undefined) {
      if (KEYCHAIN.has(code)) return 'keychain_unavailable';
      if (DISK_FULL.has(code)) return 'disk_full';
      if (UNWRITABLE.has(code)) return 'data_folder_unwritable';
      if (UNREACHABLE.has(code)) return 'platform_unreachable';
    }
    current =
      typeof current === 'object' && current !== null && 'cause' in current
        ? (current as { cause?: unknown }).cause
        : undefined;
  }
  return undefined;
}
