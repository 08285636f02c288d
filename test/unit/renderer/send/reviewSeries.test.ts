import { describe, expect, it } from 'vitest';
import type { SendPreview } from '../../../../preload/contract/index.js';
import { descriptorsCleaned, reviewSeries } from '../../../../renderer/send/reviewSeries.js';

const region = { x: 0, y: 0, width: 10, height: 10 };
const picture = (sop: string, series: string) => ({
  sopInstanceUid: sop,
  seriesInstanceUid: series,
  width: 128,
  height: 128,
  scale: 1,
  png: 'iVBORw0KGgo=',
});

describe('send review by series', () => {
  it('puts masked and held images and their pictures under their series, counting each', () => {
    const preview: SendPreview = {
      profile: { edition: '2026d', options: ['cleanPixelData'] },
      studies: [
        {
          instances: 3,
          series: 2,
          entries: [
            {
              tag: '00081030',
              action: 'cleaned',
              rule: 'C',
              source: 'PS3.15 E.1-1',
              nested: false,
              count: 3,
            },
            {
              tag: '00100010',
              action: 'pseudonym',
              rule: 'Z',
              source: 'PS3.15 E.1-1',
              nested: false,
              count: 3,
            },
          ],
          masked: [
            {
              sopInstanceUid: '1.1',
              seriesInstanceUid: '9.1',
              rule: 'text detector',
              regions: [region],
              frames: 1,
            },
            {
              sopInstanceUid: '1.3',
              seriesInstanceUid: '9.2',
              rule: 'philips-epiq-1024x768',
              regions: [region],
              frames: 1,
            },
          ],
          defaced: [],
        },
      ],
      excluded: [{ reason: 'textUnsure' }],
      held: [
        {
          sopInstanceUid: '1.2',
          seriesInstanceUid: '9.1',
          reason: 'textUnsure',
          regions: [region],
          frames: 1,
        },
      ],
      pictures: [picture('1.1', '9.1'), picture('1.2', '9.1'), picture('1.4', '9.2')],
    };
    const groups = reviewSeries(preview);
    expect(groups.map((group) => [group.seriesInstanceUid, group.masked, group.held])).toEqual([
      ['9.1', 1, 1],
      ['9.2', 1, 0],
    ]);
    expect(
      groups[0]!.items.map((item) => [
        item.sopInstanceUid,
        item.picture !== undefined,
        item.held?.reason,
      ]),
    ).toEqual([
      ['1.1', true, undefined],
      ['1.2', true, 'textUnsure'],
    ]);
    // The series' first picture (nothing done to it) is there to look at too.
    expect(groups[1]!.items.map((item) => item.sopInstanceUid)).toEqual(['1.4', '1.3']);
    expect(descriptorsCleaned(preview)).toBe(1);
  });
});
