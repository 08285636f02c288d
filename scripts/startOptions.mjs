// The command line of `npm start` (scripts/start.mjs), parsed before anything starts: `--help`
// prints the options and exits, an unknown option is an error (exit 2) before the build, the
// platform or a window is started.
import { parseArgs } from 'node:util';

/** Each option: its parseArgs type, whether it may repeat, its value's name and what it does. */
export const START_OPTIONS = {
  help: { type: 'boolean', short: 'h', text: 'print these options and exit' },
  web: {
    type: 'boolean',
    text: 'use the dev host (the web UI in a Chromium window) even where Electron is installed',
  },
  'no-platform': { type: 'boolean', text: 'do not start the reference AI platform beside the app' },
  'no-build': { type: 'boolean', text: 'start from the existing dist/ without building first' },
  'no-open': { type: 'boolean', text: 'open no window; print the web UI address instead' },
  'data-dir': {
    type: 'string',
    value: 'DIR',
    text: 'settings, library and sign-in (default ~/.mitate-dev)',
  },
  port: {
    type: 'string',
    value: 'N',
    text: 'the web UI listens on 127.0.0.1:N (default: a free port)',
  },
  import: {
    type: 'string',
    multiple: true,
    value: 'PATH',
    text: 'import a folder or file at start (repeatable)',
  },
  policy: { type: 'string', value: 'FILE', text: 'run under this managed-policy JSON file' },
};

export function usage() {
  const lines = Object.entries(START_OPTIONS).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`;
    return `  ${flag.padEnd(26)}${option.text}`;
  });
  return [
    'Usage: npm start -- [options]',
    '',
    'Builds Mitate, starts the reference AI platform on 127.0.0.1 (demo accounts and their',
    'one-time passwords are printed on first start) and opens the app: the desktop app where the',
    'Electron binary is installed, otherwise the web UI (dev host) in a Chromium window. Without a',
    'display, no window is opened and the web UI address is printed instead.',
    '',
    'Options:',
    ...lines,
    '',
  ].join('\n');
}

/**
 * `{ help: true }`, `{ error: message }` or `{ values }`. Option values are checked here too, so
 * a bad port fails before anything starts.
 */
export function parseStartOptions(argv) {
  const options = Object.fromEntries(
    Object.entries(START_OPTIONS).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) },
    ]),
  );
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { help: true };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      return { error: `--port must be a number from 0 to 65535, not "${values.port}"` };
  }
  return { values };
}

/**
 * Whether a window can be shown here. Linux needs an X or Wayland display; Windows and macOS
 * sessions always have one.
 */
export function hasDisplay(env = process.env, platform = process.platform) {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
