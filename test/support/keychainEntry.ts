import { osKeychain } from '../../main/keychain/keychain.js';
import { sessionSecretName } from '../../main/auth/sessionSecret.js';

/** What the app stored in the real OS keychain for a platform's session (parsed), or undefined. */
export async function storedSession(
  platformUrl: string,
): Promise<{ refreshToken: string; user: { subject: string; name: string } } | undefined> {
  const text = await osKeychain().get(sessionSecretName(platformUrl));
  return text === undefined
    ? undefined
    : (JSON.parse(text) as { refreshToken: string; user: { subject: string; name: string } });
}

export const REAL_KEYRING = process.env['MITATE_TEST_KEYRING'] === '1';
