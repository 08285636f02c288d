import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testData } from '../support/paths.js';
import { expect, openPath, openTestFolder, test, waitForImage } from './fixtures.js';

test('a file that is not DICOM, a truncated DICOM file and an empty folder each say what happened', async ({
  app,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-e2e-bad-'));
  await writeFile(join(dir, 'letter.txt'), 'Dear doctor, '.repeat(30));
  const mr = testData('mr-head-t1-siemens-xa30-classic');
  const [first] = (await readdir(mr)).sort();
  await mkdir(join(dir, 'cut'));
  await writeFile(
    join(dir, 'cut', 'slice-001.dcm'),
    (await readFile(join(mr, first!))).subarray(0, 4000),
  );
  await mkdir(join(dir, 'empty'));

  await openPath(app, join(dir, 'letter.txt'));
  await expect(app.getByTestId('import-report')).toContainText(
    'DICOM ではないファイル 1 件をスキップしました。',
  );
  await expect(app.getByTestId('import-report')).toContainText(
    '表示できる DICOM 画像がありませんでした',
  );

  await openPath(app, join(dir, 'cut'));
  await expect(app.getByTestId('broken-files')).toContainText(
    'slice-001.dcm: ファイルが途中で切れています',
  );

  await openPath(app, join(dir, 'empty'));
  await expect(app.getByTestId('import-report')).toContainText(
    '表示できる DICOM 画像がありませんでした',
  );

  await openPath(app, join(dir, 'no-such-folder'));
  await expect(app.getByTestId('import-error')).toContainText('見つかりません');
  // No path or file content in the message: only the text of its code.
  await expect(app.getByTestId('import-error')).not.toContainText(dir);

  // The app is still usable: the real study opens after all of that.
  await openTestFolder(app, 'mr-head-t1-siemens-xa30-classic');
  await expect(app.getByTestId('study-row')).toHaveCount(1);
  await waitForImage(app);
});

test('Japanese patient names in three character sets read correctly, in Japanese and in English', async ({
  app,
}) => {
  await openTestFolder(app, 'japanese-names');
  const rows = app.getByTestId('study-row');
  await expect(rows).toHaveCount(3);
  for (const label of ['utf8', 'ir87', 'ir13']) {
    const row = rows.filter({ hasText: `頭部 MRA (${label})` });
    await expect(row.locator('.name-primary')).toHaveText('山田 太郎');
    await expect(row).toContainText('やまだ たろう');
    await expect(row).toContainText(label === 'ir13' ? 'ﾔﾏﾀﾞ ﾀﾛｳ' : 'Yamada Tarou');
  }
  await rows.filter({ hasText: '(ir87)' }).click();
  await waitForImage(app);
  await expect(app.getByTestId('corner-top-left')).toContainText('山田 太郎');

  await app.getByTestId('language').selectOption('en');
  await expect(app.getByRole('heading', { name: 'Studies' })).toBeVisible();
  await expect(rows.filter({ hasText: '(ir87)' }).locator('.name-primary')).toHaveText(
    'Yamada Tarou',
  );
  await expect(app.getByTestId('slice-text')).toHaveText('Slice 1 / 1');
  // The choice is kept by the main process and survives a reload.
  await app.reload();
  await expect(app.getByRole('heading', { name: 'Studies' })).toBeVisible();
  await expect(app.locator('html')).toHaveAttribute('lang', 'en');
});

test('folders dropped on the window are imported', async ({ app }) => {
  const files = await Promise.all(
    ['utf8.dcm', 'ir87.dcm'].map(async (name) => ({
      name,
      bytes: [...(await readFile(testData(`japanese-names/${name}`)))],
    })),
  );
  const transfer = await app.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const file of list)
      data.items.add(
        new File([new Uint8Array(file.bytes)], file.name, { type: 'application/dicom' }),
      );
    return data;
  }, files);
  await app.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer: transfer });
  await app.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(app.getByTestId('study-row')).toHaveCount(2);
  await expect(app.getByTestId('import-report')).toContainText(
    '2 枚の画像を読み込みました（2 検査）',
  );
});
