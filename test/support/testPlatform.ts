/**
 * The real reference platform, started in the test's own process on loopback with a fresh data
 * folder, for the login and catalog tests of the app. This is the one file of the app's tests
 * that imports the platform, through its workspace package `mitate-platform` (eslint.config.js
 * allows it here only): the code under test still reaches the platform over HTTP alone, exactly
 * as it would a remote one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from 'otpauth';
import { startPlatform, type PlatformOptions } from 'mitate-platform';

export interface TestPlatform {
  url: string;
  dataDir: string;
  /** Makes an account with a password and an enrolled TOTP secret (base32). */
  addUser(
    username: string,
    name?: string,
  ): Promise<{ username: string; password: string; secret: string }>;
  /** Stops the server; `keepData` leaves its keys and accounts for a restart on the same folder. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** `analyzeCommand`: how the platform's performer runs `analyze` (e.g. node dist/platform/cli.js); without it work items are canceled. */
export async function startTestPlatform(
  options: {
    dataDir?: string;
    port?: number;
    accessTokenTtlSeconds?: number;
    analyzeCommand?: string[];
  } = {},
): Promise<TestPlatform> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mitate-test-platform-')));
  const platformOptions: PlatformOptions = {
    dataDir,
    lockout: { maxFailures: 5, lockMs: 60_000 },
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.accessTokenTtlSeconds === undefined
      ? {}
      : { accessTokenTtlSeconds: options.accessTokenTtlSeconds }),
    ...(options.analyzeCommand === undefined ? {} : { analyzeCommand: options.analyzeCommand }),
  };
  const platform = await startPlatform(platformOptions);
  return {
    url: platform.url,
    dataDir,
    async addUser(username, name = `Dr ${username}`) {
      const password = `pw-${randomBytes(6).toString('hex')}-テスト`;
      const secret = new Secret({ size: 20 }).base32;
      await platform.accounts.create({
        username,
        name,
        role: 'doctor',
        password,
        totpSecret: secret,
      });
      return { username, password, secret };
    },
    async close(closeOptions = {}) {
      await platform.close();
      if (!closeOptions.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
