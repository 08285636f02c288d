import type { TFunction } from 'i18next';
import type { MitateError } from '../../preload/contract/index.js';

/**
 * A failed preview or send in the doctor's words: `error.<code>`, except where the detail names
 * a send-specific cause the generic sentence would misstate (permission_denied reads "cannot read
 * the folder", but here it means "sign in" or "the policy forbids it").
 */
export function sendErrorText(t: TFunction, error: MitateError): string {
  if (error.detail === 'sign_in_required') return t('send.errors.signInRequired');
  if (error.detail === 'deidentification_forbidden_by_policy') return t('send.errors.policy');
  if (error.code === 'not_found' && error.detail === 'service') return t('send.errors.noService');
  return t(`error.${error.code}`);
}
