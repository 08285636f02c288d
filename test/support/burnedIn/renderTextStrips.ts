// Renders the labelled set's text lines once, with Noto Sans CJK in Debian's Chromium (canvas), as
// 8-bit coverage strips (255 = ink) at a 64 px font size, into test/data/burned-in-text/. The test
// set generator scales and places these on real image backgrounds; rendering once keeps the unit
// tests free of a browser. Run: `node scripts/node22.mjs test/support/burnedIn/renderTextStrips.ts`
// from the repository root, bundled with esbuild.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { PNG } from 'pngjs';
import { chromiumLaunchOptions } from '../chromium.js';

import { TEXT_LINES, STRIP_FONT_PX } from './textLines.js';

const out = join(process.cwd(), 'test/data/burned-in-text');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage();
  await page.setContent(
    `<style>@font-face{font-family:N;src:local('Noto Sans CJK JP')}</style><canvas id=c></canvas>`,
  );
  for (const [index, text] of TEXT_LINES.entries()) {
    const strip = await page.evaluate(
      async ({ text, size }) => {
        await document.fonts.load(`${size}px "Noto Sans CJK JP"`);
        const canvas = document.getElementById('c') as HTMLCanvasElement;
        const context = canvas.getContext('2d')!;
        context.font = `${size}px "Noto Sans CJK JP"`;
        const width = Math.ceil(context.measureText(text).width) + 4;
        const height = Math.ceil(size * 1.25);
        canvas.width = width;
        canvas.height = height;
        context.fillStyle = '#000';
        context.fillRect(0, 0, width, height);
        context.font = `${size}px "Noto Sans CJK JP"`;
        context.fillStyle = '#fff';
        context.textBaseline = 'top';
        context.fillText(text, 2, Math.round(size * 0.1));
        const rgba = context.getImageData(0, 0, width, height).data;
        const grey: number[] = [];
        for (let i = 0; i < rgba.length; i += 4) grey.push(rgba[i]!);
        return { width, height, grey };
      },
      { text, size: STRIP_FONT_PX },
    );
    const png = new PNG({
      width: strip.width,
      height: strip.height,
      colorType: 0,
      inputColorType: 0,
    });
    png.data = Buffer.from(strip.grey);
    writeFileSync(
      join(out, `line-${String(index).padStart(2, '0')}.png`),
      PNG.sync.write(png, { colorType: 0, inputColorType: 0 }),
    );
  }
} finally {
  await browser.close();
}
