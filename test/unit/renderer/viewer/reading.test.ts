import { describe, expect, it } from 'vitest';
import type { SeriesDetail } from '../../../../preload/contract/index.js';
import { en } from '../../../../renderer/i18n/en.js';
import { ja } from '../../../../renderer/i18n/ja.js';
import {
  cellCount,
  hangingFor,
  isAngiography,
  mprFor,
  relayout,
} from '../../../../renderer/state/layouts.js';
import { measurementLine } from '../../../../renderer/viewer/measurementText.js';
import { SHORTCUTS, shortcutFor } from '../../../../renderer/viewer/shortcuts.js';

const series = (change: Partial<SeriesDetail>): SeriesDetail => ({
  id: 's1',
  studyId: 'st1',
  number: 1,
  description: 't1_mprage',
  modality: 'MR',
  rows: 256,
  columns: 256,
  imageCount: 160,
  instances: [],
  ...change,
});

describe('hanging defaults', () => {
  it('opens a TOF-MRA on an axial MIP beside its source slices', () => {
    for (const change of [
      { description: 'TOF_3D_multi-slab' },
      { description: 'MRA head' },
      { description: 'x', sequenceName: '*fl3d1r_t70' },
    ]) {
      const hanging = hangingFor(series(change));
      expect(isAngiography(series(change))).toBe(true);
      expect(hanging.layout).toBe('1x2');
      expect(hanging.cells.map((cell) => [cell.view, cell.projection])).toEqual([
        ['axial', 'mip'],
        ['stack', 'slice'],
      ]);
    }
  });

  it('opens other series as one stack; a CT whose description says "tof" is no angiogram', () => {
    expect(hangingFor(series({})).cells).toHaveLength(1);
    expect(isAngiography(series({ modality: 'CT', description: 'TOF' }))).toBe(false);
    expect(isAngiography(series({ description: 'tofu phantom' }))).toBe(false);
    // The Siemens MPRAGE of test/data: "*tfl3d1_16ns" is not the TOF "*fl3d1r_t70".
    expect(
      isAngiography(series({ description: 'anat-T1w_acq-tfl', sequenceName: '*tfl3d1_16ns' })),
    ).toBe(false);
  });

  it('keeps the cells that still fit when the layout changes, so their measurements stay', () => {
    const mpr = mprFor('s1');
    expect(mpr.cells.map((cell) => cell.view)).toEqual(['axial', 'sagittal', 'coronal']);
    const wider = relayout('2x2', mpr.cells, 's1');
    expect(wider.slice(0, 3)).toEqual(mpr.cells);
    expect(wider[3]!.view).toBe('stack');
    expect(relayout('1x1', wider, 's1')).toEqual([mpr.cells[0]]);
    expect(cellCount('1x3')).toBe(3);
  });
});

describe('measurement lines', () => {
  it('reads an ellipse ROI on CT as mean and SD in HU and area in mm²', () => {
    const line = measurementLine({
      annotationUID: 'a1',
      metadata: { toolName: 'EllipticalROI' },
      data: {
        cachedStats: {
          'imageId:1': {
            mean: 40.04,
            stdDev: 3.21,
            area: 62.83,
            areaUnit: 'mm²',
            modalityUnit: 'HU',
          },
        },
      },
    })!;
    expect(line.values).toEqual([
      { name: 'mean', value: '40.0', unit: 'HU' },
      { name: 'sd', value: '3.2', unit: 'HU' },
      { name: 'area', value: '62.8', unit: 'mm²' },
    ]);
  });

  it('reads length, angle and probe, and ignores tools that are not measurements', () => {
    expect(
      measurementLine({
        annotationUID: 'l',
        metadata: { toolName: 'Length' },
        data: { cachedStats: { x: { length: 20.04, unit: 'mm' } } },
      })!.values,
    ).toEqual([{ name: 'length', value: '20.0', unit: 'mm' }]);
    expect(
      measurementLine({
        annotationUID: 'g',
        metadata: { toolName: 'Angle' },
        data: { cachedStats: { x: { angle: 89.96 } } },
      })!.values[0]!.value,
    ).toBe('90.0');
    expect(
      measurementLine({
        annotationUID: 'p',
        metadata: { toolName: 'Probe' },
        data: { cachedStats: { x: { value: [1000], modalityUnit: 'HU' } } },
      })!.values,
    ).toEqual([{ name: 'value', value: '1000.0', unit: 'HU' }]);
    expect(
      measurementLine({ annotationUID: 'c', metadata: { toolName: 'Crosshairs' }, data: {} }),
    ).toBeUndefined();
  });

  it('gives the probe its stored value (modality LUT undone), its pixel with the slice from 1 and its patient position', () => {
    const probe = {
      annotationUID: 'p',
      metadata: { toolName: 'Probe' },
      data: {
        handles: { points: [[4, -1, 12]] },
        cachedStats: { x: { value: 1976, modalityUnit: 'HU', index: [24, 10, 1] } },
      },
    };
    expect(measurementLine(probe, { slope: 2, intercept: -24 })!.values).toEqual([
      { name: 'value', value: '1976.0', unit: 'HU' },
      { name: 'stored', value: '1000', unit: '' },
      { name: 'pixel', value: '24, 10, 2', unit: '' },
      { name: 'patient', value: '4.0, -1.0, 12.0', unit: 'mm' },
    ]);
  });
});

describe('keyboard shortcuts', () => {
  it('gives every key one action, leaves Ctrl/Cmd/Alt to the system, and has a help text in both languages', () => {
    const keys = SHORTCUTS.flatMap((shortcut) => shortcut.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(shortcutFor({ key: 'l', ctrlKey: false, metaKey: false, altKey: false })).toEqual({
      kind: 'tool',
      tool: 'length',
    });
    expect(shortcutFor({ key: 'c', ctrlKey: true, metaKey: false, altKey: false })).toBeUndefined();
    for (const shortcut of SHORTCUTS) {
      expect(ja.viewer.shortcuts[shortcut.does]).toBeTruthy();
      expect(en.viewer.shortcuts[shortcut.does]).toBeTruthy();
    }
  });
});

describe('window presets and layouts on the digit keys', () => {
  const key = (value: string, code?: string, shiftKey = false) => ({
    key: value,
    code,
    shiftKey,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
  });
  it('gives 1-9 the CT presets in order, 0 the file window, and Shift+digit the layouts on any keyboard', () => {
    expect(shortcutFor(key('1', 'Digit1'))).toEqual({ kind: 'preset', index: 0 });
    expect(shortcutFor(key('9', 'Digit9'))).toEqual({ kind: 'preset', index: 8 });
    expect(shortcutFor(key('0', 'Digit0'))).toEqual({ kind: 'windowDefault' });
    // Shift+2 types "@" on a US keyboard and '"' on a JIS one: the key code decides.
    expect(shortcutFor(key('@', 'Digit2', true))).toEqual({ kind: 'layout', layout: '1x2' });
    expect(shortcutFor(key('"', 'Digit2', true))).toEqual({ kind: 'layout', layout: '1x2' });
    expect(shortcutFor(key('!', 'Digit1', true))).toEqual({ kind: 'layout', layout: '1x1' });
  });
});
