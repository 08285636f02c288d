/**
 * `npx mitate <command> [...]`: Mitate's command line, for hospital IT and research batch use.
 * Each command lives in its own module exporting `run(argv): Promise<exitCode>`; this file only
 * dispatches. Messages go to stderr, machine-readable results (JSON) to stdout.
 */
export interface Command {
  /** One line for the usage text. */
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {};

/** Registered by each feature at module load, so adding a command is one import line below. */
export function registerCommand(name: string, load: () => Promise<Command>): void {
  commands[name] = load;
}

function usage(): string {
  return [
    'usage: mitate <command> [options]',
    '',
    'commands:',
    ...Object.keys(commands)
      .sort()
      .map((name) => `  ${name}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stderr.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load === undefined) {
    process.stderr.write(`mitate: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}
