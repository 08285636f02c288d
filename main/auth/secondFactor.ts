/**
 * Does a login's `amr` (RFC 8176) show a second factor?
 *
 * RFC 8176 §2 lists method values; we group them by the factor class they prove (NIST SP 800-63
 * "something you know / have / are") and require two classes, or the explicit `mfa` value.
 * `pwd` + `pin` is still one factor (two things known); `pwd` + `otp` is two.
 */
const FACTOR_CLASS: Record<string, 'know' | 'have' | 'are'> = {
  pwd: 'know',
  pin: 'know',
  kba: 'know',
  otp: 'have',
  hwk: 'have',
  swk: 'have',
  sms: 'have',
  tel: 'have',
  sc: 'have',
  fpt: 'are',
  face: 'are',
  iris: 'are',
  retina: 'are',
  vbm: 'are',
};

export function hasSecondFactor(amr: unknown): boolean {
  if (!Array.isArray(amr)) return false;
  const methods = amr.filter((value): value is string => typeof value === 'string');
  if (methods.includes('mfa')) return true;
  const classes = new Set(
    methods.map((method) => FACTOR_CLASS[method]).filter((kind) => kind !== undefined),
  );
  return classes.size >= 2;
}
