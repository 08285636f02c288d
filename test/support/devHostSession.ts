/**
 * Starts the built dev host against a given platform and data folder, and can start it again on
 * the same folder: a "restart" of the app for the login and catalog tests. The folder is the
 * caller's to remove.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './paths.js';

export interface DevHostRun {
  launchUrl: string;
  stop(): Promise<void>;
}

export async function runDevHost(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<DevHostRun> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'dist/devhost/cli.js'), '--no-open', '--data-dir', dataDir, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`dev host exited with ${code}; run "npm run build" first`)),
    );
  });
  // Keep reading so the child never blocks on a full pipe (import messages).
  lines.on('line', () => undefined);
  const { launchUrl } = JSON.parse(first) as { launchUrl: string };
  return {
    launchUrl,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
