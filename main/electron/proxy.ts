/**
 * The policy's proxy for every request the app makes (platform, updates, catalog), through
 * Chromium's proxy settings of the default session, which Electron's `net` also uses.
 * Without a proxy policy, the system's settings apply (Electron's default).
 */
import { session } from 'electron';
import type { ManagedPolicy } from '../policy/index.js';

export async function applyProxyPolicy(proxy: ManagedPolicy['proxy']): Promise<void> {
  if (proxy === undefined) return;
  const bypass =
    proxy.bypass === undefined || proxy.bypass === '' ? {} : { proxyBypassRules: proxy.bypass };
  switch (proxy.mode) {
    case 'system':
      return session.defaultSession.setProxy({ mode: 'system' });
    case 'direct':
      return session.defaultSession.setProxy({ mode: 'direct' });
    case 'fixed':
      return session.defaultSession.setProxy({
        mode: 'fixed_servers',
        proxyRules: proxy.server ?? '',
        ...bypass,
      });
    case 'pac':
      return session.defaultSession.setProxy({
        mode: 'pac_script',
        pacScript: proxy.pacUrl ?? '',
        ...bypass,
      });
  }
}
