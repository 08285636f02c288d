import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../../../renderer/i18n/index.js';
import { roiTextLines } from '../../../../renderer/viewer/roiTextLines.js';

const stats = {
  cachedStats: {
    'volumeId:ct': {
      area: 123.456,
      areaUnit: 'mm²',
      mean: 41.26,
      max: 80,
      min: -2,
      stdDev: 12.34,
      modalityUnit: 'HU',
    },
  },
};

beforeAll(async () => {
  await i18next.init({ resources, lng: 'ja', interpolation: { escapeValue: false } });
});

describe('the ROI text on the image', () => {
  it('is in the app’s language, with cornerstone’s figures', async () => {
    await i18next.changeLanguage('ja');
    expect(roiTextLines(stats, 'volumeId:ct')).toEqual([
      '面積: 123 mm²',
      '平均: 41.3 HU',
      '最大: 80.0 HU',
      '最小: -2.00 HU',
      'SD: 12.3 HU',
    ]);
    await i18next.changeLanguage('en');
    expect(roiTextLines(stats, 'volumeId:ct')[1]).toBe('Mean: 41.3 HU');
    expect(roiTextLines({ cachedStats: {} }, 'volumeId:ct')).toEqual([]);
  });
});
