/**
 * The login and screen-lock channels (`auth.*`, `session.*`), bound to one AuthSession for the
 * app's lifetime. The session is ready once the keychain has been probed and any stored session
 * resumed; channels wait for that.
 */
import { platformUrlOf, type Feature, type HostServices } from '../host/index.js';
import { osKeychain } from '../keychain/index.js';
import { lockStatePath, readLockState, UnlockPins } from '../session/index.js';
import { AuthSession } from './authSession.js';
import { SessionSecretStore } from './sessionSecret.js';

/** The login channels, and the session other features ask who is signed in. */
export interface AuthFeature extends Feature<'auth' | 'session'> {
  session: Promise<AuthSession>;
}

export const DEFAULT_IDLE_LOCK_MINUTES = 15;

/** Policy minutes, or a host override in seconds (dev host `--idle-lock-seconds`, for tests). */
export function idleLockSecondsOf(host: HostServices): number {
  return host.idleLockSeconds ?? (host.policy?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES) * 60;
}

export function createAuthHandlers(host: HostServices): AuthFeature {
  const session = (async () => {
    const secrets = await SessionSecretStore.open(host.keychain ?? osKeychain());
    // The lock found on disk holds before any channel answers: they all wait for this session.
    const lockFile = lockStatePath(host.dataDir);
    const restored = readLockState(lockFile, Date.now());
    const pins = await UnlockPins.open(host.dataDir);
    const created = new AuthSession({
      platformUrl: platformUrlOf(host),
      secrets,
      idleLockSeconds: idleLockSecondsOf(host),
      ...(host.audit === undefined ? {} : { audit: host.audit }),
      ...(host.openExternal === undefined ? {} : { openExternal: host.openExternal }),
      onChange: (status) => host.emit('auth.changed', status),
      lockState: { file: lockFile, ...(restored === undefined ? {} : { restored }) },
      pins,
      // The managed policy's language wins over the user's, as in the app itself.
      locale: async () => host.policy?.locale ?? (await host.settings.get()).locale,
    });
    await created.resume().catch(() => undefined);
    return created;
  })();

  const handlers: AuthFeature['handlers'] = {
    'auth.status': async () => (await session).status(),
    'auth.beginLogin': async () => (await session).beginLogin(),
    'auth.cancelLogin': async () => (await session).cancelLogin(),
    'auth.logout': async () => (await session).logout(),
    'session.lockNow': async () => (await session).lockNow('manual'),
    'session.setPin': async ({ pin, currentPin }) => (await session).setPin(pin, currentPin),
    'session.unlockWithPin': async ({ pin }) => (await session).unlockWithPin(pin),
    'session.activity': async () => {
      (await session).activity();
      return {};
    },
  };
  return { handlers, session };
}
