// English messages for one sentence per error code of the contract (error.<code>).
import type { Messages } from '../messages.js';

export const error: Messages['error'] = {
  invalid_request: 'The app made an invalid request internally. Please try again.',
  invalid_response: 'The app received an invalid answer internally. Please try again.',
  unknown_channel: 'This action is not available in this version.',
  not_found: 'It could not be found. Refresh the list.',
  path_not_found: 'The folder or file was not found. Check the path.',
  path_not_allowed:
    'Mitate does not import from that place (a network or system path, its own data folder), or the import was not confirmed.',
  permission_denied: 'Mitate is not allowed to read that folder.',
  import_busy: 'Another import is running. Please wait until it finishes.',
  import_cancelled: 'Import cancelled.',
  dialog_unavailable: 'No folder dialog here. Please type the path.',
  host_disconnected: 'The connection to the app was lost. Please restart Mitate.',
  setting_locked: "Your organisation's policy sets this, so it cannot be changed here.",
  auth_no_platform: 'No AI platform is configured. Ask your administrator.',
  auth_failed: 'Sign-in failed. Please try again.',
  auth_cancelled: 'Sign-in was cancelled.',
  auth_single_factor:
    'Sign-in refused: the platform did not confirm a second factor (such as a one-time code after the password). The platform URL may be misconfigured; ask your administrator. Nothing was stored.',
  auth_other_user: 'Only the user who was signed in can unlock. To switch users, sign out first.',
  platform_unreachable: 'Cannot reach the AI platform. Check the network.',
  platform_response_too_large:
    'The AI platform sent more data than allowed, so the request was stopped. Contact your administrator.',
  platform_url_invalid:
    'The AI platform address is not valid (it must start with https:// and contain no user name or password). Ask your administrator.',
  platform_url_insecure:
    'The AI platform address uses unencrypted http. Mitate connects only to https platforms (except one on this computer). Ask your administrator to change the address to https.',
  session_locked: 'The screen is locked. Sign in to unlock.',
  pacs_failed: 'Talking to the PACS failed.',
  pacs_url_insecure:
    'A DICOMweb address with http works only for a server on this computer. Use https:// for any other server.',
  internal: 'Something unexpected went wrong. Please try again.',
};
