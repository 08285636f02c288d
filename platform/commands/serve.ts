import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { startPlatform } from '../server/index.js';
import { totpUri } from '../identity/index.js';

/**
 * `mitate-platform serve [--port N] [--host H] [--public-host NAME] [--data-dir DIR] [--image-ttl-s S]`
 *
 * `--public-host localhost` keeps listening on the loopback address but names the platform
 * `localhost` in its URLs, which WebAuthn passkeys need (they refuse IP addresses).
 * Runs the reference platform until SIGINT/SIGTERM. The first stdout line is JSON,
 * `{"event":"listening","url":…,"dicomweb":…}`, so a parent process (npm start) can read the
 * address. On the first start the demo users' password and TOTP secret go to stderr, once: the
 * console of this process is the only place they appear.
 */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'public-host': { type: 'string' },
      'data-dir': { type: 'string' },
      'image-ttl-s': { type: 'string' },
    },
  });
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.mitate-platform'));
  const port = Number(values.port);
  const ttl =
    values['image-ttl-s'] === undefined ? undefined : Number(values['image-ttl-s']) * 1000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || (ttl !== undefined && !(ttl > 0))) {
    process.stderr.write(
      'usage: mitate-platform serve [--port N] [--host H] [--public-host NAME] [--data-dir DIR] [--image-ttl-s S]\n',
    );
    return 2;
  }
  const platform = await startPlatform({
    dataDir,
    host: values.host,
    publicHost: values['public-host'],
    port,
    imageTtlMs: ttl,
    seedDemoUsers: true,
    // This bundle is itself the CLI: analysis runs as `node <this file> analyze …` in a child.
    analyzeCommand: [process.execPath, fileURLToPath(import.meta.url)],
  });
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', url: platform.url, dicomweb: platform.dicomwebUrl })}\n`,
  );

  for (const user of platform.demoUsers) {
    const uri = totpUri(user.totpSecret, user.username);
    const qr = await QRCode.toString(uri, { type: 'terminal', small: true });
    process.stderr.write(
      `\nDemo ${user.role} (shown once): user "${user.username}", password "${user.password}", TOTP secret ${user.totpSecret}\n${uri}\n${qr}`,
    );
  }

  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await platform.close();
  return 0;
}
