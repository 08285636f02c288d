import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './paths.js';

export interface RunningDevHost {
  url: string;
  launchUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the built dev host (dist/devhost/cli.js) on a random port with a fresh data folder. */
export async function startDevHostProcess(extraArgs: string[] = []): Promise<RunningDevHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'dist/devhost/cli.js'), '--no-open', '--data-dir', dataDir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`dev host exited with ${code}; run "npm run build" first`)),
    );
  });
  const { url, launchUrl } = JSON.parse(first) as { url: string; launchUrl: string };
  return {
    url,
    launchUrl,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
