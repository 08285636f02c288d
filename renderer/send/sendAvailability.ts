import type { ServiceEligibility } from '../../preload/contract/index.js';

/** Why "Send to service" is off, as an i18n key under `send.disabled`; undefined when it is on. */
export type SendBlock = 'signIn' | 'noSeries' | 'checking' | 'notEligible';

export function sendBlock(input: {
  signedIn: boolean;
  seriesId: string | undefined;
  eligibility: ServiceEligibility | undefined;
}): SendBlock | undefined {
  if (!input.signedIn) return 'signIn';
  if (input.seriesId === undefined) return 'noSeries';
  if (input.eligibility === undefined) return 'checking';
  return input.eligibility.eligible ? undefined : 'notEligible';
}
