import type { TFunction } from 'i18next';
import type { ja } from '../i18n/ja.js';

type KnownMethod = keyof typeof ja.auth.amr;

/** RFC 8176 method values as words; an unknown value is shown as it is. */
export function factorNames(t: TFunction, amr: string[]): string {
  return amr.map((method) => (isKnown(method) ? t(`auth.amr.${method}`) : method)).join(' + ');
}

const KNOWN: readonly string[] = [
  'pwd',
  'otp',
  'hwk',
  'swk',
  'fpt',
  'face',
  'mfa',
  'sms',
  'pin',
] satisfies readonly KnownMethod[];

function isKnown(method: string): method is KnownMethod {
  return KNOWN.includes(method);
}
