/**
 * Windows policy: values under `HKLM\Software\Policies\Mitate` (machine, from GPO or Intune) and
 * `HKCU\Software\Policies\Mitate` (user policy), as the ADMX templates in build/policy/ write
 * them. Read with `reg query <key> /s`, which every Windows has, and parsed here.
 *
 * Mapping to the policy's JSON shape: a subkey is an object (`AuditForwarding\Host`), a
 * REG_DWORD is a number, REG_SZ a string, REG_MULTI_SZ a list, and a subkey whose value names are
 * all numbers (what an ADMX <list> writes: "1", "2", …) is a list. Names become camelCase.
 */
import { execFile } from 'node:child_process';

export const POLICY_KEY_PATH = 'Software\\Policies\\Mitate';

type RegistryValue = string | number | string[];
interface RegistryTree {
  values: Map<string, RegistryValue>;
  children: Map<string, RegistryTree>;
}

const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function decodeValue(type: string, data: string): RegistryValue | undefined {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return data;
    case 'REG_DWORD':
    case 'REG_QWORD': {
      const value = Number.parseInt(data, 16);
      return /^0x[0-9a-fA-F]+$/.test(data) && Number.isSafeInteger(value) ? value : undefined;
    }
    case 'REG_MULTI_SZ':
      // reg query prints the strings joined by a literal "\0".
      return data === '' ? [] : data.split('\\0').filter((part) => part !== '');
    default:
      return undefined;
  }
}

/** Parses the output of `reg query <root>\Software\Policies\Mitate /s` into a tree. */
export function parseRegQuery(output: string, root: string): RegistryTree {
  const tree: RegistryTree = { values: new Map(), children: new Map() };
  const rootLower = root.toLowerCase();
  let current: RegistryTree | undefined;
  for (const raw of output.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    if (!raw.startsWith(' ')) {
      // A key line: the full path. Keys outside the policy root are ignored.
      const path = raw.trim();
      const rest = path.slice(root.length);
      if (!path.toLowerCase().startsWith(rootLower) || (rest !== '' && !rest.startsWith('\\'))) {
        current = undefined;
        continue;
      }
      let node: RegistryTree = tree;
      for (const part of rest.split('\\').filter(Boolean)) {
        let child: RegistryTree | undefined = node.children.get(part);
        if (child === undefined) {
          child = { values: new Map(), children: new Map() };
          node.children.set(part, child);
        }
        node = child;
      }
      current = node;
      continue;
    }
    const match = VALUE_LINE.exec(raw);
    if (match === null || current === undefined) continue;
    const [, name = '', type = '', data = ''] = match;
    if (name === '(Default)') continue;
    const value = decodeValue(type, data);
    if (value !== undefined) current.values.set(name, value);
  }
  return tree;
}

/** The tree as the policy's JSON shape. */
export function registryToPolicyObject(tree: RegistryTree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of tree.values) out[camel(name)] = value;
  for (const [name, child] of tree.children) {
    const names = [...child.values.keys()];
    const isList =
      child.children.size === 0 && names.length > 0 && names.every((n) => /^\d+$/.test(n));
    out[camel(name)] = isList
      ? names.sort((a, b) => Number(a) - Number(b)).map((n) => child.values.get(n))
      : registryToPolicyObject(child);
  }
  return out;
}

/** Runs `reg query`; resolves to '' when the key does not exist (reg exits 1 then). */
export function regQuery(hive: 'HKLM' | 'HKCU'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'reg',
      ['query', `${hive}\\${POLICY_KEY_PATH}`, '/s'],
      { windowsHide: true, timeout: 10_000, maxBuffer: 1024 * 1024 },
      (error, stdout) => {
        if (error === null) resolve(stdout);
        else if (typeof error.code === 'number' && error.code === 1) resolve('');
        else reject(error);
      },
    );
  });
}
