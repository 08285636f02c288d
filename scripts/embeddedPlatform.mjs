// The reference platform that `npm start` runs beside the app: a child process on loopback
// (`mitate-platform serve`), its state in `<app data>/platform`, and a sample
// TOF-MRA phantom made once on first start (`mitate-platform phantom`) for the app to import.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** Seed 3 gives a phantom with two saccular aneurysms, so the aneurysm service has something to find. */
const SAMPLE_SEED = 3;

/**
 * Starts `serve` and resolves with its base URL. The port is chosen at random once and kept in
 * `<app data>/platform/port`: the signed-in session in the keychain and the pinned catalog key are
 * kept per platform address, so a new port at every start would sign the doctor out each time.
 * When the kept port is taken, a new one is chosen and kept instead.
 */
export async function startEmbeddedPlatform({ root, dataDir }) {
  const portFile = join(dataDir, 'platform', 'port');
  const kept = Number((await readFile(portFile, 'utf8').catch(() => '')).trim());
  // Probed first: a taken port would make the child print a long EADDRINUSE stack before we move on.
  if (Number.isInteger(kept) && kept > 0 && kept < 65_536 && (await portIsFree(kept))) {
    const started = await startServe({ root, dataDir, port: kept });
    if (started.url !== undefined) return started;
  }
  const started = await startServe({ root, dataDir, port: 0 });
  if (started.url !== undefined) {
    const port = new URL(started.url).port;
    await writeFile(`${portFile}.tmp`, port);
    await rename(`${portFile}.tmp`, portFile);
  }
  return started;
}

/** Whether 127.0.0.1:port can be listened on right now (the platform listens on loopback only). */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      probe.close(() => resolve(true)),
    );
  });
}

/** One `serve` child on the given port (0: any); resolves with its base URL (the first stdout line is JSON). */
async function startServe({ root, dataDir, port }) {
  const cli = join(root, 'dist', 'platform', 'cli.js');
  // stderr is inherited: on first start the demo users' password and TOTP secret appear there, once.
  // Named `localhost` (still listening on 127.0.0.1 only) so WebAuthn passkeys work: they refuse IP addresses.
  const child = spawn(
    process.execPath,
    [
      cli,
      'serve',
      '--port',
      String(port),
      '--public-host',
      'localhost',
      '--data-dir',
      join(dataDir, 'platform'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line).url);
      } catch {
        resolve(undefined);
      }
    });
    child.once('exit', () => resolve(undefined));
  });
  lines.on('line', () => undefined);
  return { url, child };
}

/** The sample phantom's folder, made on first start; written beside and renamed so a crash leaves none half-made. */
export async function samplePhantom({ root, dataDir }) {
  const folder = join(dataDir, 'samples', `mra-phantom-seed-${SAMPLE_SEED}`);
  if (existsSync(join(folder, 'truth.json'))) return folder;
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  console.log('Making the sample MRA phantom (first start only, a few seconds)…');
  const cli = join(root, 'dist', 'platform', 'cli.js');
  const code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [cli, 'phantom', '--seed', String(SAMPLE_SEED), '--out', partial],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.once('exit', (exitCode) => resolve(exitCode));
    child.once('error', () => resolve(1));
  });
  if (code !== 0 || !existsSync(join(partial, 'truth.json'))) {
    await rm(partial, { recursive: true, force: true });
    console.log('The sample phantom could not be made; starting without it.');
    return undefined;
  }
  await rename(partial, folder);
  return folder;
}
