// The study library's figures:
//   library.import_files_per_s  header import of 10,000 instances into a persistent library
//                               (journal on disk included), files in the page cache
//   library.reopen_ms           start to study list of that 10,000-instance library: what the
//                               'library.studies' handler does at start (the snapshot's study list)
//   library.reopen_index_ms     start to the whole index rebuilt (series and images can open),
//                               which runs behind the list
//   library.reopen_shown_ms     the same library in the dev host: page load to study rows drawn
//                               in headless Chromium
// The instances are copies of the 96-slice MR (real Siemens XA30 headers, ~180 KB a file) with
// new Study, Series and SOP Instance UIDs written over the old ones at the same length.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import dicomParser from 'dicom-parser';
import type * as importStudiesModule from '../main/library/importStudies.js';
import type * as studyLibraryModule from '../main/library/studyLibrary.js';
import type * as libraryIndexFileModule from '../main/library/libraryIndexFile.js';
import type * as chromiumModule from '../test/support/chromium.js';
import { median, type BenchContext } from './figures.ts';
import { loadModules } from './loadModules.ts';

type Modules = typeof importStudiesModule &
  typeof studyLibraryModule &
  typeof libraryIndexFileModule &
  typeof chromiumModule;

const INSTANCES = 10_000;
const UID_TAGS = ['x00020003', 'x00080018', 'x0020000d', 'x0020000e'];
/** Characters of each UID replaced by the copy number; all are digits in this MR's UIDs. */
const UID_DIGITS = [9, 7, 5];

function bundle(root: string): Promise<Modules> {
  const entries = [
    'main/library/importStudies.ts',
    'main/library/studyLibrary.ts',
    'main/library/libraryIndexFile.ts',
    'test/support/chromium.ts',
  ];
  return loadModules(root, 'library', entries);
}

async function makeInstances(root: string, target: string): Promise<void> {
  const mr = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
  const templates: { name: string; bytes: Buffer; offsets: number[] }[] = [];
  for (const name of (await readdir(mr)).sort()) {
    const bytes = await readFile(join(mr, name));
    const dataSet = dicomParser.parseDicom(new Uint8Array(bytes), { untilTag: 'x7fe00010' });
    const offsets = UID_TAGS.map((tag) => dataSet.elements[tag]?.dataOffset).filter(
      (offset) => offset !== undefined,
    );
    for (const offset of offsets) {
      for (const at of UID_DIGITS)
        if (!/\d/.test(String.fromCharCode(bytes[offset + at]!)))
          throw new Error('template UID layout changed');
    }
    templates.push({ name, bytes, offsets });
  }
  let written = 0;
  for (let copy = 0; written < INSTANCES; copy++) {
    const folder = join(target, `study-${copy}`);
    await mkdir(folder, { recursive: true });
    const digits = String(copy).padStart(UID_DIGITS.length, '0');
    for (const template of templates) {
      if (written >= INSTANCES) break;
      const bytes = Buffer.from(template.bytes);
      for (const offset of template.offsets)
        UID_DIGITS.forEach((at, index) => (bytes[offset + at] = digits.charCodeAt(index)));
      await writeFile(join(folder, template.name), bytes);
      written++;
    }
  }
}

async function reopenShown(
  root: string,
  dataDir: string,
  chromiumLaunchOptions: Modules['chromiumLaunchOptions'],
): Promise<number[]> {
  const { chromium } = await import('@playwright/test');
  const host = spawn(
    process.execPath,
    [join(root, 'dist/devhost/cli.js'), '--no-open', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const { launchUrl } = JSON.parse(
      await new Promise<string>((resolve) =>
        createInterface({ input: host.stdout }).once('line', resolve),
      ),
    ) as { launchUrl: string };
    // The tests' own launch options (Debian's Chromium, SwiftShader), not a second copy of them.
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      await page.goto(launchUrl);
      await page.getByTestId('study-row').first().waitFor({ timeout: 60_000 });
      const runs: number[] = [];
      for (let run = 0; run < 5; run++) {
        const start = performance.now();
        await page.reload();
        await page.getByTestId('study-row').first().waitFor({ timeout: 60_000 });
        runs.push(performance.now() - start);
      }
      return runs;
    } finally {
      await browser.close();
    }
  } finally {
    host.kill();
    await new Promise((resolve) => host.once('exit', resolve));
  }
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const modules = await bundle(root);
  const dir = await mkdtemp(join(tmpdir(), 'mitate-bench-library-'));
  try {
    const files = join(dir, 'files');
    await makeInstances(root, files);

    const rates: number[] = [];
    let dataDir = '';
    for (let run = 0; run < 3; run++) {
      dataDir = join(dir, `data-${run}`);
      const library = new modules.StudyLibrary();
      const start = performance.now();
      const index = await modules.LibraryIndexFile.open(join(dataDir, 'library'), library);
      index.importStarted([files]);
      const report = await modules.importStudies(library, [files], {
        signal: new AbortController().signal,
      });
      index.importFinished();
      await index.compact();
      const seconds = (performance.now() - start) / 1000;
      if (report.instancesAdded !== INSTANCES)
        throw new Error(`expected ${INSTANCES} instances, got ${report.instancesAdded}`);
      rates.push(INSTANCES / seconds);
      await index.close();
    }
    print('library.import_files_per_s', median(rates), 'files/s', {
      target: '>2000',
      instances: INSTANCES,
      runs: rates.map(Math.round),
    });

    const reopen: number[] = [];
    const rebuilt: number[] = [];
    let studies = 0;
    for (let run = 0; run < 5; run++) {
      let start = performance.now();
      const list = await modules.LibraryIndexFile.readStudyList(join(dataDir, 'library'));
      reopen.push(performance.now() - start);
      start = performance.now();
      const library = new modules.StudyLibrary();
      const index = await modules.LibraryIndexFile.open(join(dataDir, 'library'), library);
      studies = library.studies().length;
      rebuilt.push(performance.now() - start);
      if (list?.length !== studies)
        throw new Error(`study list has ${list?.length} studies, the index ${studies}`);
      await index.close();
    }
    print('library.reopen_ms', median(reopen), 'ms', {
      target: '<300',
      instances: INSTANCES,
      studies,
      runs: reopen.map(Math.round),
    });
    print('library.reopen_index_ms', median(rebuilt), 'ms', {
      instances: INSTANCES,
      runs: rebuilt.map(Math.round),
    });

    const shown = await reopenShown(root, dataDir, modules.chromiumLaunchOptions);
    print('library.reopen_shown_ms', median(shown), 'ms', {
      note: 'page reload to study rows drawn, headless Chromium, dev host',
      runs: shown.map(Math.round),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
