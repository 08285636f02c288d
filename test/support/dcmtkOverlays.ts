/**
 * DCMTK's reading of a file's overlays, as an independent oracle for ours: dcm2pnm burns every
 * overlay plane into one frame in replace mode, once white and once black; the pixels that differ
 * between the two are the overlay's, whatever the image under them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function readPgm(bytes: Buffer): { width: number; height: number; data: Uint8Array } {
  const tokens: string[] = [];
  let at = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at]!))) at++;
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[at]!))) token += String.fromCharCode(bytes[at++]!);
    tokens.push(token);
  }
  return { width: Number(tokens[1]), height: Number(tokens[2]), data: bytes.subarray(at + 1) };
}

/** Every image pixel an overlay sets on the 1-based frame, as "row,column", sorted. */
export async function dcmtkOverlayPixels(path: string, frame: number): Promise<string[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'mitate-dcm2pnm-'));
  try {
    const burn = async (density: string): Promise<ReturnType<typeof readPgm>> => {
      const out = join(scratch, `${density}.pgm`);
      await run('dcm2pnm', [
        '--write-raw-pnm',
        '+F',
        String(frame),
        '+O',
        '0',
        '+Omr',
        '+Osf',
        density,
        '+Wm',
        path,
        out,
      ]);
      return readPgm(await readFile(out));
    };
    const [white, black] = [await burn('1'), await burn('0')];
    const pixels: string[] = [];
    for (let index = 0; index < white.width * white.height; index++) {
      if (white.data[index] !== black.data[index])
        pixels.push(`${Math.floor(index / white.width)},${index % white.width}`);
    }
    return pixels.sort();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
