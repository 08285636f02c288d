/** The shortest unlock PIN the contract accepts (preload/contract/session.ts UnlockPin). */
export const MIN_PIN_LENGTH = 6;
