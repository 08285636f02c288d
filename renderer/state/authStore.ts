import { create } from 'zustand';
import type { AuthStatus, ErrorCode } from '../../preload/contract/index.js';
import { host } from '../host/host.js';

/**
 * The login and screen-lock state as the main process reports it (`auth.changed`). The renderer
 * never sees a token: only who is signed in, how, and whether the screen is locked.
 */
interface AuthState {
  status: AuthStatus | undefined;
  /** The login page URL while signing in, for the "open the page" link when no window opened. */
  loginUrl: string | undefined;
  error: ErrorCode | undefined;
  load(): Promise<void>;
  apply(status: AuthStatus): void;
  beginLogin(): Promise<void>;
  cancelLogin(): Promise<void>;
  logout(): Promise<void>;
  lockNow(): Promise<void>;
  /** Unlocks with the local PIN; false (and `error` set) when it was refused. */
  unlockWithPin(pin: string): Promise<boolean>;
  /** Sets or changes the local unlock PIN; false (and `error` set) when refused. */
  setPin(pin: string, currentPin?: string): Promise<boolean>;
}

export const useAuthStore = create<AuthState>()((set, get) => ({
  status: undefined,
  loginUrl: undefined,
  error: undefined,
  async load() {
    const result = await host().invoke('auth.status', {});
    if (result.ok) get().apply(result.value);
  },
  apply(status) {
    set({
      status,
      error: status.lastError,
      ...(status.state === 'signing-in' ? {} : { loginUrl: undefined }),
    });
  },
  async beginLogin() {
    set({ error: undefined });
    const result = await host().invoke('auth.beginLogin', {});
    if (!result.ok) {
      set({ error: result.error.code });
      return;
    }
    set({ loginUrl: result.value.url });
    // The dev host has no system browser to call: the page opens in a new browser tab, the
    // closest thing a web page can do (RFC 8252 §8.12: never an embedded view).
    if (!result.value.openedByHost) window.open(result.value.url, '_blank', 'noopener');
  },
  async cancelLogin() {
    const result = await host().invoke('auth.cancelLogin', {});
    if (result.ok) get().apply(result.value);
  },
  async logout() {
    const result = await host().invoke('auth.logout', {});
    if (result.ok) get().apply(result.value);
  },
  async lockNow() {
    const result = await host().invoke('session.lockNow', {});
    if (result.ok) get().apply(result.value);
  },
  async unlockWithPin(pin) {
    const result = await host().invoke('session.unlockWithPin', { pin });
    if (!result.ok) {
      set({ error: result.error.code });
      await get().load();
      set({ error: result.error.code });
      return false;
    }
    get().apply(result.value);
    return true;
  },
  async setPin(pin, currentPin) {
    const result = await host().invoke('session.setPin', {
      pin,
      ...(currentPin === undefined ? {} : { currentPin }),
    });
    if (!result.ok) {
      set({ error: result.error.code });
      return false;
    }
    get().apply(result.value);
    return true;
  },
}));
