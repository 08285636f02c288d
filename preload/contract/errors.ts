/** How a failed request is reported to the renderer, whatever the channel. */
import { z } from 'zod';

/** Error codes double as i18n keys (`error.<code>`), so every failure has readable text. */
export const ErrorCode = z.enum([
  'invalid_request',
  'invalid_response',
  'unknown_channel',
  'not_found',
  'path_not_found',
  'permission_denied',
  /** A path sent to import that main refuses (main/library/importPathPolicy.ts) or the doctor did not confirm. */
  'path_not_allowed',
  'import_busy',
  'import_cancelled',
  'dialog_unavailable',
  'host_disconnected',
  /** The organisation's managed policy fixes this setting. */
  'setting_locked',
  /** Login (main/auth): no platform configured, sign-in failed, cancelled, or one factor only. */
  'auth_no_platform',
  'auth_failed',
  'auth_cancelled',
  'auth_single_factor',
  'auth_other_user',
  'platform_unreachable',
  /** The platform sent more than the size limit for an answer (main/net); the request was stopped. */
  'platform_response_too_large',
  /** The platform address is not allowed (main/auth/platformUrlPolicy.ts): malformed, or plain http off this machine in a packaged app. */
  'platform_url_invalid',
  'platform_url_insecure',
  /** The screen is locked: patient data is withheld until a fresh login (main/session). */
  'session_locked',
  /** The unlock PIN (main/session/unlockPin.ts): wrong, too many wrong tries (wait), or none set. */
  'unlock_pin_wrong',
  'unlock_pin_wait',
  'unlock_pin_not_set',
  /** No usable OS keychain (no Secret Service on Linux, locked, access denied): secrets cannot be kept. */
  'keychain_unavailable',
  /** The disk holding the data folder is full (ENOSPC, EDQUOT). */
  'disk_full',
  /** The operating system refused to write in the data folder (EACCES, EPERM, EROFS). */
  'data_folder_unwritable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const MitateError = z.object({
  code: ErrorCode,
  /** Technical detail for support (schema paths, errno codes); never patient data. */
  detail: z.string().max(2000).optional(),
});
export type MitateError = z.infer<typeof MitateError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: MitateError };
