import { isAbsolute, normalize, posix, sep, win32 } from 'node:path';

/**
 * What main refuses of a path the renderer sends (`library.importPaths`), whoever typed it: the
 * renderer may be a compromised page, and these paths are never a doctor's images.
 * - network and device paths (`\\server\share`, `//server/share`, `\\?\`): opening one makes
 *   Windows connect to that server and offer the user's credentials (NTLM);
 * - relative or non-normalised paths ("..", "."): what was shown is not what would be read;
 * - the app's own data folder (the vault, tokens, the library's copies);
 * - pseudo file systems (/proc, /sys, /dev).
 * Returns the reason, or undefined when the path may be imported.
 */
export function importPathProblem(path: string, dataDir: string): string | undefined {
  if (/^[\\/]{2}/.test(path)) return 'network or device path';
  if (path.includes('\0')) return 'NUL';
  if (!isAbsolute(path) || (!posix.isAbsolute(path) && !win32.isAbsolute(path))) return 'relative';
  const trimmed = path.length > 1 ? path.replace(/[\\/]+$/, '') : path;
  if (trimmed.split(/[\\/]/).some((part) => part === '..' || part === '.')) return 'not normalised';
  if (within(trimmed, normalize(dataDir))) return 'data folder';
  if (['/proc', '/sys', '/dev'].some((system) => within(trimmed, system))) return 'system folder';
  return undefined;
}

function within(path: string, folder: string): boolean {
  const base = folder.replace(/[\\/]+$/, '');
  return path === base || path.startsWith(`${base}${sep}`);
}
