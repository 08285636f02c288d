// The walls of eslint.walls.js and the circle check of scripts/importCycles.mjs, each shown a
// deliberate violation: a rule that silently stopped matching would let the layering rot.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { fileCircles, folderCircles, importGraph } from '../../scripts/importCycles.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

/** The wall messages ESLint gives a file that is not on disk, as if it were at `file`. */
async function wallsBroken(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'boundaries/dependencies')
    .map((message) => message.message);
}

describe('the walls between programs and folders', () => {
  it('keeps Node and electron out of the renderer', async () => {
    expect(
      await wallsBroken('renderer/library/lintFixture.ts', "export { readFile } from 'node:fs';\n"),
    ).toHaveLength(1);
    expect(
      await wallsBroken('renderer/library/lintFixture.ts', "export { readFile } from 'fs';\n"),
    ).toHaveLength(1);
    expect(
      await wallsBroken('renderer/library/lintFixture.ts', "export { app } from 'electron';\n"),
    ).toHaveLength(1);
  });

  it('keeps main/ out of the renderer but lets it read the contract', async () => {
    expect(
      await wallsBroken(
        'renderer/library/lintFixture.ts',
        "export { HandlerError } from '../../main/errors/index.js';\n",
      ),
    ).toEqual([expect.stringContaining('renderer')]);
    expect(
      await wallsBroken(
        'renderer/library/lintFixture.ts',
        "export { createApi } from '../../preload/api.js';\n",
      ),
    ).toHaveLength(1);
    expect(
      await wallsBroken(
        'renderer/library/lintFixture.ts',
        "export type { StudySummary } from '../../preload/contract/index.js';\n",
      ),
    ).toEqual([]);
  });

  it('keeps the platform out of main/', async () => {
    expect(
      await wallsBroken(
        'main/policy/lintFixture.ts',
        "export { startPlatform } from '../../platform/server/startPlatform.js';\n",
      ),
    ).toEqual([expect.stringContaining('main/ never imports')]);
  });

  it('keeps main/ out of the platform', async () => {
    expect(
      await wallsBroken(
        'platform/state/lintFixture.ts',
        "export { HandlerError } from '../../main/errors/index.js';\n",
      ),
    ).toEqual([expect.stringContaining('The platform is a separate program')]);
  });

  it('lets only main/electron/ and preload/index.ts import electron', async () => {
    expect(
      await wallsBroken('main/policy/lintFixture.ts', "export { app } from 'electron';\n"),
    ).toHaveLength(1);
    expect(
      await wallsBroken('main/electron/lintFixture.ts', "export { app } from 'electron';\n"),
    ).toEqual([]);
  });

  it('enters a feature folder through its index.ts only', async () => {
    expect(
      await wallsBroken(
        'main/policy/lintFixture.ts',
        "export type { AuditLog } from '../audit/auditEvent.js';\n",
      ),
    ).toEqual([expect.stringContaining('index.ts')]);
    expect(
      await wallsBroken(
        'main/policy/lintFixture.ts',
        "export type { AuditLog } from '../audit/index.js';\n",
      ),
    ).toEqual([]);
    // Inside a folder, files import each other directly.
    expect(
      await wallsBroken(
        'main/audit/lintFixture.ts',
        "export type { AuditLog } from './auditEvent.js';\n",
      ),
    ).toEqual([]);
  });
});

describe('the import circle check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mitate-circles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  it('finds a circle between two files and between their folders, and none in a clean tree', () => {
    write('main/a/one.ts', "import { two } from './two.js';\nexport const one = () => two;\n");
    write(
      'main/a/two.ts',
      "import type { one } from './one.js';\nexport const two = (f?: typeof one) => f;\n",
    );
    write('main/b/three.ts', "export { one } from '../c/index.js';\n");
    write('main/c/index.ts', "export { three } from '../b/three.js';\nexport const one = 1;\n");
    write('main/d/clean.ts', "export { one } from '../c/index.js';\n");
    const graph = importGraph(dir, ['main']);
    expect(fileCircles(graph)).toEqual([
      ['main/a/one.ts', 'main/a/two.ts'],
      ['main/b/three.ts', 'main/c/index.ts'],
    ]);
    expect(folderCircles(graph).map((circle) => circle.folders)).toEqual([['main/b', 'main/c']]);

    write('main/e/four.ts', 'export const four = 4;\n');
    write(
      'main/f/five.ts',
      "import { four } from '../e/four.js';\nexport const five = four + 1;\n",
    );
    const clean = importGraph(dir, ['main']).entries();
    const onlyClean = new Map(
      [...clean].filter(([file]) => file.startsWith('main/e/') || file.startsWith('main/f/')),
    );
    expect(fileCircles(onlyClean)).toEqual([]);
    expect(folderCircles(onlyClean)).toEqual([]);
  });

  it("finds no circle between the renderer's or the dev host's folders", () => {
    const graph = importGraph(root);
    expect(graph.size).toBeGreaterThan(200);
    const outsideMainAndPlatform = folderCircles(graph).filter((circle) =>
      circle.folders.some((folder) => /^(renderer|devhost)\b/.test(folder)),
    );
    expect(outsideMainAndPlatform).toEqual([]);
  });
});
