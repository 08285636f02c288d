import {
  dilate,
  erode,
  fillHoles,
  gaussianSmooth,
  largestComponent,
  type ScalarVolume,
} from '../../volume/index.js';
import { otsuThreshold } from '@mitate/otsu-threshold';

/**
 * Brain mask of a head MR (T1-weighted) or CT, in the spirit of threshold-and-morphology skull
 * stripping: threshold the brain parenchyma, erode to cut the thin bridges to scalp, eyes and
 * neck, keep the largest piece, grow it back inside the threshold, close and fill so that
 * ventricles and sulci are inside.
 *
 * MR: parenchyma is above 45 % of the white-matter level (CSF and bone are darker on T1), the
 * white-matter level being the 75th percentile of the head's central region.
 * CT: parenchyma and CSF are between −5 and 90 HU; bone is far brighter, air far darker.
 */
export function segmentBrain(volume: ScalarVolume, modality: 'MR' | 'CT'): Uint8Array {
  const { dimensions, spacing } = volume;
  const smooth = gaussianSmooth(volume.data, dimensions, spacing, 1.5);
  const threshold = new Uint8Array(smooth.length);
  if (modality === 'CT') {
    for (let v = 0; v < smooth.length; v++)
      threshold[v] = smooth[v]! > -5 && smooth[v]! < 90 ? 1 : 0;
  } else {
    const level = 0.45 * whiteMatterLevel(smooth, dimensions);
    for (let v = 0; v < smooth.length; v++) threshold[v] = smooth[v]! > level ? 1 : 0;
  }
  const bridgeMm = 5;
  const core = largestComponent(erode(threshold, dimensions, spacing, bridgeMm), dimensions);
  const grown = dilate(core, dimensions, spacing, bridgeMm + 1);
  for (let v = 0; v < grown.length; v++) grown[v] = grown[v]! & threshold[v]!;
  const closed = erode(
    dilate(largestComponent(grown, dimensions), dimensions, spacing, 4),
    dimensions,
    spacing,
    4,
  );
  return fillHoles(closed, dimensions);
}

/** 75th percentile of voxels above the Otsu head threshold in the central half of the volume. */
function whiteMatterLevel(data: Float32Array, dimensions: [number, number, number]): number {
  const [nx, ny, nz] = dimensions;
  const head = otsuThreshold(data);
  const values: number[] = [];
  for (let k = Math.floor(nz / 4); k < Math.ceil((3 * nz) / 4); k++) {
    for (let j = Math.floor(ny / 4); j < Math.ceil((3 * ny) / 4); j++) {
      for (let i = Math.floor(nx / 4); i < Math.ceil((3 * nx) / 4); i++) {
        const value = data[k * nx * ny + j * nx + i]!;
        if (value > head) values.push(value);
      }
    }
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length * 0.75)] ?? head;
}
