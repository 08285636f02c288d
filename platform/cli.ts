/**
 * `npx mitate-platform <serve|phantom|analyze> [...]`: the reference platform's command line.
 * The commands live in commands/; this file only dispatches.
 */
import { commands } from './commands/index.js';

const usage = `usage: mitate-platform <${Object.keys(commands).join('|') || 'command'}> [options]`;

const [name, ...rest] = process.argv.slice(2);
const load = name === undefined ? undefined : commands[name];
if (load === undefined) {
  process.stderr.write(`${usage}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await (await load()).run(rest);
}
