/**
 * DCMTK's command-line tools (Debian's dcmtk) as the modality and the reference peer in the PACS
 * tests: each run is a child process with its arguments, bounded in time.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export const dcmtkAvailable = ['storescu', 'getscu', 'storescp', 'echoscu'].every((tool) =>
  existsSync(`/usr/bin/${tool}`),
);

/** Runs a DCMTK tool; resolves with its exit code and output (never rejects on a non-zero exit). */
export function runDcmtk(
  tool: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      `/usr/bin/${tool}`,
      [...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}
