/**
 * The login and screen-lock channels (`auth.*`, `session.*`), bound to one AuthSession for the
 * app's lifetime. The session is ready once the keychain has been probed and any stored session
 * resumed; channels wait for that.
 */
import type { Channel } from '../../preload/contract/index.js';
import type { Handlers, HostServices } from '../handlers.js';
import { osKeychain } from '../keychain/keychain.js';
import { AuthSession } from './authSession.js';
import { SessionSecretStore } from './sessionSecret.js';

type AuthChannel = Extract<Channel, `auth.${string}` | `session.${string}`>;

export const DEFAULT_IDLE_LOCK_MINUTES = 15;

/** The platform to sign in to: the organisation's policy first, else the embedded one. */
export function platformUrlOf(host: HostServices): string | undefined {
  const url = host.policy?.platformUrl ?? host.info.platformUrl;
  return url === undefined ? undefined : url.replace(/\/+$/, '');
}

/** Policy minutes, or a host override in seconds (dev host `--idle-lock-seconds`, for tests). */
export function idleLockSecondsOf(host: HostServices): number {
  return host.idleLockSeconds ?? (host.policy?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES) * 60;
}

export function createAuthHandlers(host: HostServices): { handlers: Pick<Handlers, AuthChannel>; session: Promise<AuthSession> } {
  const session = (async () => {
    const secrets = await SessionSecretStore.open(host.keychain ?? osKeychain());
    const created = new AuthSession({
      platformUrl: platformUrlOf(host),
      secrets,
      idleLockSeconds: idleLockSecondsOf(host),
      ...(host.audit === undefined ? {} : { audit: host.audit }),
      ...(host.openExternal === undefined ? {} : { openExternal: host.openExternal }),
      onChange: (status) => host.emit('auth.changed', status),
    });
    await created.resume().catch(() => undefined);
    return created;
  })();

  const handlers: Pick<Handlers, AuthChannel> = {
    'auth.status': async () => (await session).status(),
    'auth.beginLogin': async () => (await session).beginLogin(),
    'auth.cancelLogin': async () => (await session).cancelLogin(),
    'auth.logout': async () => (await session).logout(),
    'session.lockNow': async () => (await session).lockNow('manual'),
    'session.activity': async () => {
      (await session).activity();
      return {};
    },
  };
  return { handlers, session };
}
