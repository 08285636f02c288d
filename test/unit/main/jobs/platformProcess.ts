/**
 * The reference platform as its own process (`mitate-platform serve`), so a test can kill it
 * with SIGKILL mid-upload and start it again on the same address and data folder. Its demo
 * doctor's password and TOTP secret, printed once on stderr at the first start, are read there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { platformCli } from './jobHarness.js';

export interface PlatformProcess {
  url: string;
  /** Present after the first start only. */
  doctor?: { username: string; password: string; secret: string };
  kill(): Promise<void>;
}

export async function startPlatformProcess(
  dataDir: string,
  port: number,
): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [await platformCli(), 'serve', '--port', String(port), '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  // The demo users are written to stderr right after the listening line, on the first start.
  for (
    let waited = 0;
    waited < 3000 && !/Demo doctor[^\n]*TOTP secret \S+/.test(stderr);
    waited += 20
  )
    await new Promise((resolve) => setTimeout(resolve, 20));
  const match = /Demo doctor[^\n]*user "([^"]+)", password "([^"]+)", TOTP secret (\S+)/.exec(
    stderr,
  );
  return {
    url,
    ...(match === null
      ? {}
      : { doctor: { username: match[1]!, password: match[2]!, secret: match[3]! } }),
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
