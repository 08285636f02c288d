/**
 * cornerstone's probe, reading the pixel on every slice of a stack. cornerstone 5.14 puts the
 * stack's slice number into the voxel index before it reads the value, from image data that holds
 * the one slice on screen: on any slice but the first the read falls outside it, and the probe
 * shows no value at all (no text on the image, nothing in the list). The value is read here
 * again, from the slice on screen at the probe's column and row; the index keeps the slice
 * number, which says which slice was read. Volume viewports read correctly and are left alone.
 */
import type { Types } from '@cornerstonejs/core';
import { ProbeTool } from '@cornerstonejs/tools';

interface ProbeStats {
  index?: number[] | null;
  value?: number | number[] | null;
  Modality?: string | null;
}

export class SliceProbeTool extends ProbeTool {
  static override toolName = ProbeTool.toolName;

  override _calculateCachedStats(
    ...args: Parameters<ProbeTool['_calculateCachedStats']>
  ): Record<string, ProbeStats> {
    const cachedStats = super._calculateCachedStats(...args) as Record<string, ProbeStats>;
    for (const [targetId, stats] of Object.entries(cachedStats)) {
      if (!targetId.startsWith('imageId:') || stats.Modality === 'US' || stats.Modality === 'ECG')
        continue;
      if ((stats.value !== undefined && stats.value !== null) || stats.index == null) continue;
      const image = this.getTargetImageData(targetId) as Partial<Types.IImageData> | undefined;
      const [column, row] = stats.index;
      const [columns, rows] = image?.dimensions ?? [0, 0];
      if (
        column === undefined ||
        row === undefined ||
        column < 0 ||
        row < 0 ||
        column >= columns ||
        row >= rows
      )
        continue;
      const value = image?.voxelManager?.getAtIJK(column, row, 0) as number | undefined;
      if (typeof value === 'number') stats.value = value;
    }
    return cachedStats;
  }
}
