// English messages, one per error code of the contract (error.<code>). Each says what happened,
// what the user can do, and whom to ask when that does not help.
import type { Messages } from '../messages.js';

const ADMIN = 'If that does not help, contact your IT administrator.';

export const error: Messages['error'] = {
  invalid_request: `The app made an invalid request internally. Please try the action again. ${ADMIN}`,
  invalid_response: `The app received an invalid answer internally. Please try the action again. ${ADMIN}`,
  unknown_channel:
    'This action is not available in your version of Mitate. Update the app; ask your IT administrator how.',
  not_found: `The item was not found (it may have been deleted or moved). Refresh the list and choose it again. ${ADMIN}`,
  path_not_found: `The folder or file was not found. Check the path and that the disk or medium is connected. ${ADMIN}`,
  path_not_allowed:
    'Mitate does not import from that place (a network or system path, its own data folder), or the import was not confirmed. Copy the images to a local folder and import them from there. If you need a network location, ask your IT administrator.',
  permission_denied:
    'Mitate is not allowed to read that folder. Copy it to a place you can read and import it from there. Ask your IT administrator to change the permissions.',
  import_busy: `Another import is running. Wait until it finishes, or stop it and start again. ${ADMIN}`,
  import_cancelled: 'Import stopped. Import again to continue.',
  dialog_unavailable:
    'No folder dialog is available here. Type the path into the field instead; ask your IT administrator if unsure.',
  host_disconnected: `The connection to the app was lost. Restart Mitate. ${ADMIN}`,
  setting_locked:
    "Your organisation's policy sets this, so it cannot be changed here. Ask your IT administrator if it needs changing.",
  auth_no_platform:
    'No AI platform is configured, so AI services cannot be used. Ask your IT administrator to set one up.',
  auth_failed:
    'Sign-in failed. Check the user name, password and one-time code and sign in again. For account problems, contact the AI platform administrator.',
  auth_cancelled: 'Sign-in was cancelled. Sign in again to continue.',
  auth_single_factor:
    'Sign-in refused: the platform did not confirm a second factor (such as a one-time code after the password). Nothing was stored. The platform address may be wrong; ask your IT administrator.',
  auth_other_user:
    'Only the user who was signed in can unlock. To switch users, sign out from the lock screen first. If unsure, contact your IT administrator.',
  platform_unreachable:
    'Cannot reach the AI platform (the network is down, or the platform is not running). Check the network connection and try again in a while. If that does not help, contact your IT administrator (or the platform operator).',
  platform_response_too_large:
    'The AI platform sent more data than allowed, so the request was stopped and nothing was stored. Contact the platform administrator.',
  platform_url_invalid:
    'The AI platform address is not valid (it must start with https:// and contain no user name or password). Ask your IT administrator to correct it.',
  platform_url_insecure:
    'The AI platform address uses unencrypted http. Mitate connects only to https platforms (except one on this computer). Ask your IT administrator to change the address to https.',
  session_locked:
    'The screen is locked. Enter your PIN or sign in to unlock. If you cannot, contact your IT administrator.',
  unlock_pin_wrong:
    'Wrong PIN. Type it again. If you forgot it, sign in to unlock or contact your IT administrator.',
  unlock_pin_wait:
    'Too many wrong PINs: wait until the time shown before trying again. If you forgot it, sign in to unlock or contact your IT administrator.',
  unlock_pin_not_set:
    'No unlock PIN is set. Sign in to unlock. Ask your IT administrator about setting a PIN.',
  keychain_unavailable:
    'The OS keychain is not available (on Linux, a Secret Service such as GNOME Keyring or KWallet), so the pseudonymization keys cannot be kept and nothing can be sent. Start and unlock the keychain, then try again. Ask your IT administrator to set it up (see "The OS keychain" in the README).',
  disk_full: `The disk is full, so nothing could be saved. Free some space by deleting files you do not need, then try again. ${ADMIN}`,
  data_folder_unwritable: `Mitate cannot write to its data folder (no permission, or a read-only disk). Restart Mitate and try again. ${ADMIN}`,
  internal:
    'Something unexpected went wrong. Try the action again. If it keeps happening, tell your IT administrator what you did before it appeared.',
};
