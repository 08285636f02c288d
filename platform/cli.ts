/**
 * `npx mitate-platform <serve|phantom|analyze> [...]`: the reference platform's command line.
 * Each command is a module exporting `run(argv): Promise<exitCode>`; this file only dispatches.
 */
type CommandModule = { run(argv: string[]): Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  // the HTTP server (identity provider, catalog, DICOMweb, UPS-RS)
  serve: () => import('./commands/serve.js'),
  // synthetic TOF-MRA phantoms with truth.json
  phantom: () => import('./commands/phantom.js'),
  // run a reference AI service offline on a folder (the reference performer runs it this way too)
  analyze: () => import('./commands/analyze.js'),
};

const usage = `usage: mitate-platform <${Object.keys(commands).join('|') || 'command'}> [options]`;

const [name, ...rest] = process.argv.slice(2);
const load = name === undefined ? undefined : commands[name];
if (load === undefined) {
  process.stderr.write(`${usage}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await (await load()).run(rest);
}
