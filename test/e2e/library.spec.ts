import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium.js';
import { startDevHostProcess } from '../support/devHostProcess.js';
import { repoRoot, testData } from '../support/paths.js';
import { expect, openPath, openTestFolder, test } from './fixtures.js';

const MEDIA = testData('dicomdir-pydicom');

test('every DICOMDIR variant of the pydicom medium imports its 31 images; the empty one and TINY_ALPHA say why nothing shows', async ({
  app,
}) => {
  for (const variant of [
    'DICOMDIR',
    'DICOMDIR-bigEnd',
    'DICOMDIR-implicit',
    'DICOMDIR-reordered',
    'DICOMDIR-nooffset',
    'DICOMDIR-nopatient',
  ]) {
    // The import opens the first series and prefetches its images. Clearing the library behind
    // the page's back would leave those requests to end in 404s (a cleared instance is never
    // served again): reload first, which stops them, then clear and show the empty library.
    await app.reload();
    await app.evaluate(() => window.mitate.invoke('library.clear', {}));
    await app.reload();
    await openPath(app, join(MEDIA, variant));
    await expect(app.getByTestId('import-report'), variant).toContainText(
      '31 枚の画像を読み込みました（6 検査）',
    );
    await expect(app.getByTestId('study-row'), variant).toHaveCount(6);
  }
  await openPath(app, join(MEDIA, 'DICOMDIR-empty.dcm'));
  await expect(app.getByTestId('import-report')).toContainText(
    '表示できる DICOM 画像がありませんでした',
  );
  await openPath(app, join(MEDIA, 'TINY_ALPHA', 'DICOMDIR'));
  await expect(app.getByTestId('import-report')).toContainText(
    '画像を含まない DICOM ファイル 50 件は表示対象外です',
  );
});

test('the whole test data folder imports at once, and the study browser searches and sorts it', async ({
  app,
}, testInfo) => {
  await openPath(app, testData(''));
  await expect(app.getByTestId('import-report')).toContainText('枚の画像を読み込みました');
  const rows = app.getByTestId('study-row');
  const total = await rows.count();
  expect(total).toBeGreaterThanOrEqual(10);
  await expect(app.getByTestId('study-count')).toHaveText(`${total} / ${total} 件`);

  // Names: kanji, hiragana and katakana (half or full width) find the three 山田 太郎 studies;
  // Latin finds the two whose alphabetic group is romanised (the third holds half-width kana).
  for (const name of ['山田', 'やまだ', 'ﾔﾏﾀﾞ', 'ヤマダ　タロウ']) {
    await app.getByTestId('search-name').fill(name);
    await expect(rows, name).toHaveCount(3);
    for (const row of await rows.all())
      await expect(row.locator('.name-primary')).toHaveText('山田 太郎');
  }
  await app.getByTestId('search-name').fill('ＹＡＭＡＤＡ');
  await expect(rows).toHaveCount(2);
  /** Every row shown passes `check`, and at least one row is shown but not all of them. */
  const expectFiltered = async (check: (text: string) => boolean): Promise<void> => {
    await expect
      .poll(async () => (await rows.count()) > 0 && (await rows.count()) < total)
      .toBe(true);
    for (const text of await rows.allTextContents()) expect(check(text), text).toBe(true);
  };
  await app.getByTestId('search-name').fill('doe');
  await expectFiltered((text) => text.includes('Doe'));
  await app.getByTestId('search-reset').click();
  await expect(rows).toHaveCount(total);

  await app.getByTestId('search-patientId').fill('7765403');
  await expectFiltered((text) => text.includes('77654033'));
  await app.getByTestId('search-reset').click();
  await app.getByTestId('search-modality').selectOption('CR');
  await expectFiltered((text) => text.includes('CR'));
  await app.getByTestId('search-modality').selectOption('');
  await app.getByTestId('search-dateFrom').fill('2001-01-01');
  await app.getByTestId('search-dateTo').fill('2001-12-31');
  for (const date of await app.getByTestId('study-date').allTextContents())
    expect(date).toMatch(/^2001\//);
  await app.getByTestId('search-description').fill('zzz-no-such-study');
  await expect(app.getByTestId('study-list-no-match')).toBeVisible();
  await app.getByTestId('search-reset').click();

  // Sorting: newest first by default; a click on the column reverses it; undated studies last.
  const dates = async () =>
    (await app.getByTestId('study-date').allTextContents()).filter((date) => date !== '');
  const newestFirst = await dates();
  expect(newestFirst).toEqual([...newestFirst].sort().reverse());
  await app.getByTestId('sort-studyDate').click();
  await expect(app.locator('th[aria-sort="ascending"]')).toHaveCount(1);
  expect(await dates()).toEqual([...newestFirst].reverse());
  await app.getByTestId('sort-imageCount').click();
  const counts = (
    await app.locator('[data-testid=study-row] td.number:last-child').allTextContents()
  ).map(Number);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));

  await app.getByTestId('search-name').fill('やまだ');
  await app.screenshot({ path: testInfo.outputPath('library-search.png') });
});

test('series show thumbnails; a study whose files were moved says so, and opening their new folder links them again', async ({
  app,
}, testInfo) => {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-e2e-moved-'));
  await cp(join(MEDIA, '77654033'), join(dir, 'disk', '77654033'), { recursive: true });
  await openPath(app, join(dir, 'disk'));
  await expect(app.getByTestId('study-row')).toHaveCount(2);
  await app.getByTestId('study-row').filter({ hasText: 'HEAD/BRAIN' }).click();
  await expect(app.getByTestId('series-thumbnail').first()).toHaveAttribute('data-state', 'drawn');
  await app.screenshot({ path: testInfo.outputPath('library-thumbnails.png') });

  const series = join(dir, 'disk', '77654033', 'CT2');
  const moved = join(dir, 'elsewhere');
  await mkdir(moved);
  for (const name of (await readdir(series)).slice(0, 2))
    await rename(join(series, name), join(moved, name));
  await app.getByTestId('study-row').filter({ hasText: 'HEAD/BRAIN' }).click();
  await expect(app.getByTestId('missing-files')).toContainText('2 件のファイルが見つかりません');
  await app.screenshot({ path: testInfo.outputPath('library-missing.png') });

  await openPath(app, moved);
  await expect(app.getByTestId('import-report')).toContainText(
    '移動されていた 2 件のファイルを新しい場所で登録し直しました',
  );
  await app.getByTestId('study-row').filter({ hasText: 'HEAD/BRAIN' }).click();
  await expect(app.getByTestId('missing-files')).toHaveCount(0);
});

test('a zip with entries that escape the folder, an absolute path and a symlink: the images import, those entries are refused and listed', async ({
  app,
}, testInfo) => {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-e2e-zip-'));
  const folder = join(MEDIA, '98892003', 'MR700');
  const names = (await readdir(folder)).sort();
  const script = [
    'import zipfile, sys',
    "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)",
    ...names.map((name) => `z.write(${JSON.stringify(join(folder, name))}, 'MRA/${name}')`),
    "z.writestr('../../evil.dcm', b'x')",
    "z.writestr('/etc/cron.d/evil', b'x')",
    "i = zipfile.ZipInfo('MRA/link'); i.create_system = 3; i.external_attr = 0o120777 << 16; z.writestr(i, '/home')",
    'z.close()',
  ].join('\n');
  execFileSync('python3', ['-c', script, join(dir, 'angio.zip')]);
  await openPath(app, join(dir, 'angio.zip'));
  await expect(app.getByTestId('import-report')).toContainText(
    `${names.length} 枚の画像を読み込みました（1 検査）`,
  );
  const refused = app.getByTestId('refused-entries');
  await expect(refused).toContainText(
    'evil.dcm: 展開先のフォルダの外を指しているため展開しませんでした',
  );
  await expect(refused).toContainText('evil: 絶対パスのため展開しませんでした');
  await expect(refused).toContainText('link: シンボリックリンクのため展開しませんでした');
  await app.screenshot({ path: testInfo.outputPath('library-zip-refused.png') });
});

test('the library is still there after the app restarts, with the same studies', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-e2e-persist-'));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const first = await startDevHostProcess(['--data-dir', dataDir]);
    let page = await browser.newPage();
    await page.goto(first.launchUrl);
    await openTestFolder(page, 'japanese-names');
    await expect(page.getByTestId('study-row')).toHaveCount(3);
    await first.stop();

    const second = await startDevHostProcess(['--data-dir', dataDir]);
    page = await browser.newPage();
    await page.goto(second.launchUrl);
    await expect(page.getByTestId('study-row')).toHaveCount(3);
    await expect(page.getByTestId('study-row').first().locator('.name-primary')).toHaveText(
      '山田 太郎',
    );
    await second.stop();
  } finally {
    await browser.close();
  }
});

test('an import cut off by a crash (SIGKILL) keeps what was indexed; after the restart the doctor resumes it and gets every image', async () => {
  const work = await mkdtemp(join(tmpdir(), 'mitate-e2e-crash-'));
  const dataDir = join(work, 'data');
  const files = join(work, 'many');
  await mkdir(files);
  // 6,000 copies of one small CT with new SOP Instance UIDs (same length: digits 27-30 replaced).
  const template = await readFile(join(MEDIA, '77654033', 'CT2', '17106'));
  const sop = '1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.93';
  const at = [
    ...template.toString('latin1').matchAll(new RegExp(sop.replace(/\./g, '\\.'), 'g')),
  ].map((match) => match.index ?? 0);
  expect(at).toHaveLength(2);
  for (let copy = 0; copy < 6000; copy++) {
    const bytes = Buffer.from(template);
    const digits = String(copy).padStart(4, '0');
    for (const offset of at) bytes.write(digits, offset + 27, 'latin1');
    await writeFile(join(files, `IM${digits}`), bytes);
  }
  const startHost = async () => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'dist/devhost/cli.js'), '--no-open', '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0] ?? '')),
    );
    return { child, launchUrl: (JSON.parse(line) as { launchUrl: string }).launchUrl };
  };
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const first = await startHost();
    let page = await browser.newPage();
    await page.goto(first.launchUrl);
    await openPath(page, files);
    const done = async () =>
      Number(
        /(\d+) \/ 6000/.exec(
          (await page
            .getByTestId('import-progress')
            .textContent()
            .catch(() => '')) ?? '',
        )?.[1] ?? 0,
      );
    await expect.poll(done, { intervals: [20] }).toBeGreaterThan(300);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startHost();
    page = await browser.newPage();
    await page.goto(second.launchUrl);
    await expect(page.getByTestId('import-interrupted')).toContainText(
      '前回の読み込みが途中で終了しました',
    );
    const kept = Number(
      await page.getByTestId('study-row').locator('td.number').last().textContent(),
    );
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(6000);
    await page.getByTestId('resume-import').click();
    await expect(page.getByTestId('import-report')).toContainText(
      `${6000 - kept} 枚の画像を読み込みました（1 検査）`,
    );
    await expect(page.getByTestId('import-report')).toContainText(
      `重複 ${kept} 件は 1 件として扱いました`,
    );
    await expect(page.getByTestId('study-row').locator('td.number').last()).toHaveText('6000');
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  } finally {
    await browser.close();
  }
});
