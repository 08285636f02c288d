// `npm start`: the desktop app where the Electron binary is present, otherwise the dev host in a
// Chromium app window, with the sample study opened so there is something to read at once.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sample = `${root}test/data/mr-head-t1-siemens-xa30-classic`;

function electronBinary() {
  try {
    const electronDir = createRequire(import.meta.url).resolve('electron/package.json').replace(/package\.json$/, '');
    const relative = readFileSync(`${electronDir}path.txt`, 'utf8');
    const binary = `${electronDir}dist/${relative}`;
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const args = binary === undefined
  ? [process.execPath, [`${root}dist/devhost/cli.js`, '--import', sample, ...process.argv.slice(2)]]
  : [binary, [root, ...process.argv.slice(2)]];
if (binary === undefined) {
  console.log('Electron binary not installed (npm run electron:fetch gets it); starting the dev host in Chromium instead.');
}
const child = spawn(args[0], args[1], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
