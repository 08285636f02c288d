/**
 * The small rules behind login, lock and catalog trust: which `amr` values make two factors
 * (RFC 8176), which platform and idle time apply (policy above the embedded platform and the
 * default), and when the catalog's keys may be trusted on first use.
 */
import { describe, expect, it } from 'vitest';
import { idleLockSecondsOf } from '../../../../main/auth/authHandlers.js';
import { hasSecondFactor } from '../../../../main/auth/secondFactor.js';
import { trustModeOf } from '../../../../main/catalog/catalogTrust.js';
import { platformUrlOf, type HostServices } from '../../../../main/host/index.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';

describe('second factor (RFC 8176 amr)', () => {
  it('needs two factor classes or "mfa"', () => {
    expect(hasSecondFactor(['pwd', 'otp'])).toBe(true);
    expect(hasSecondFactor(['pwd', 'hwk'])).toBe(true);
    expect(hasSecondFactor(['mfa'])).toBe(true);
    expect(hasSecondFactor(['fpt', 'hwk'])).toBe(true);
    expect(hasSecondFactor(['pwd'])).toBe(false);
    // Two things known are still one factor.
    expect(hasSecondFactor(['pwd', 'pin', 'kba'])).toBe(false);
    expect(hasSecondFactor(['otp'])).toBe(false);
    expect(hasSecondFactor([])).toBe(false);
    expect(hasSecondFactor(undefined)).toBe(false);
    expect(hasSecondFactor('pwd otp')).toBe(false);
  });
});

describe('platform and idle lock from policy, host and defaults', () => {
  const host = (overrides: Partial<HostServices>): HostServices => ({
    info: {
      name: 'Mitate',
      version: '0',
      host: 'devhost',
      platform: 'linux',
      nativeDialogs: false,
    },
    dataDir: '/nonexistent',
    settings: new SettingsStore('/nonexistent'),
    emit: () => undefined,
    ...overrides,
  });

  it('prefers the policy platform over the embedded one and strips trailing slashes', () => {
    expect(platformUrlOf(host({}))).toBeUndefined();
    expect(
      platformUrlOf(
        host({
          info: {
            name: 'Mitate',
            version: '0',
            host: 'devhost',
            platform: 'linux',
            nativeDialogs: false,
            platformUrl: 'http://127.0.0.1:4000/',
          },
        }),
      ),
    ).toBe('http://127.0.0.1:4000');
    expect(
      platformUrlOf(
        host({
          policy: { platformUrl: 'https://ai.example.jp' },
          info: {
            name: 'Mitate',
            version: '0',
            host: 'devhost',
            platform: 'linux',
            nativeDialogs: false,
            platformUrl: 'http://127.0.0.1:4000',
          },
        }),
      ),
    ).toBe('https://ai.example.jp');
  });

  it('locks after 15 minutes by default, the policy minutes when set, and a host override in seconds (tests)', () => {
    expect(idleLockSecondsOf(host({}))).toBe(15 * 60);
    expect(idleLockSecondsOf(host({ policy: { idleLockMinutes: 5 } }))).toBe(5 * 60);
    expect(idleLockSecondsOf(host({ policy: { idleLockMinutes: 5 }, idleLockSeconds: 3 }))).toBe(3);
  });
});

describe('catalog key trust', () => {
  it('uses policy pins; trusts on first use only the embedded loopback platform; nothing otherwise', async () => {
    const pin = 'a'.repeat(43);
    expect(
      await trustModeOf({ pinned: [pin], platformUrl: 'https://ai.example.jp', embedded: false }),
    ).toEqual({ kind: 'pinned', thumbprints: [pin] });
    expect(
      await trustModeOf({ pinned: [pin], platformUrl: 'http://127.0.0.1:4000', embedded: true }),
    ).toEqual({ kind: 'pinned', thumbprints: [pin] });
    expect(
      await trustModeOf({
        pinned: undefined,
        platformUrl: 'http://127.0.0.1:4000',
        embedded: true,
      }),
    ).toEqual({ kind: 'first-use' });
    expect(
      await trustModeOf({
        pinned: undefined,
        platformUrl: 'http://127.0.0.1:4000',
        embedded: false,
      }),
    ).toEqual({ kind: 'none' });
    expect(
      await trustModeOf({
        pinned: undefined,
        platformUrl: 'https://ai.example.jp',
        embedded: true,
      }),
    ).toEqual({ kind: 'none' });
    // The embedded platform is named localhost (WebAuthn); it resolves to loopback here.
    expect(
      await trustModeOf({
        pinned: undefined,
        platformUrl: 'http://localhost:4000',
        embedded: true,
      }),
    ).toEqual({ kind: 'first-use' });
    expect(
      await trustModeOf({ pinned: undefined, platformUrl: 'http://[::1]:4000', embedded: true }),
    ).toEqual({ kind: 'first-use' });
    expect(
      await trustModeOf({ pinned: undefined, platformUrl: 'http://10.0.0.5:4000', embedded: true }),
    ).toEqual({ kind: 'none' });
  });
});
