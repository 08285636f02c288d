import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** dciodvfy (dicom3tools) output; it prints errors and warnings on stderr and exits 0 either way. */
export async function dciodvfy(path: string): Promise<{ errors: string[]; warnings: string[] }> {
  const { stdout, stderr } = await run('dciodvfy', [path], { maxBuffer: 32 * 1024 * 1024 }).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  const lines = `${stdout}\n${stderr}`.split('\n');
  return {
    errors: lines.filter((l) => l.startsWith('Error')),
    warnings: lines.filter((l) => l.startsWith('Warning')),
  };
}

/** dsrdump (DCMTK): the SR rendered as text, and anything it complained about. */
export async function dsrdump(
  path: string,
): Promise<{ text: string; complaints: string; code: number }> {
  try {
    const { stdout, stderr } = await run('dsrdump', [path], { maxBuffer: 32 * 1024 * 1024 });
    return { text: stdout, complaints: stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { text: e.stdout, complaints: e.stderr, code: e.code };
  }
}
