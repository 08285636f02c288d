/**
 * Defacing plan (Clean Recognizable Visual Features Option, PS3.15 E.3.2): for each head MR/CT
 * series among the inputs, the voxels of the face surface to blank, per instance and frame.
 */
export interface SeriesDefacing {
  /** Original SOP Instance UID -> per-frame masks (rows*columns, 1 = blank). */
  masks: Map<string, (Uint8Array | undefined)[]>;
  voxelsRemoved: number;
}

export interface DefacePlan {
  /** Keyed by original Series Instance UID. */
  series: Map<string, SeriesDefacing>;
}

export async function planDefacing(files: readonly string[]): Promise<DefacePlan> {
  void files;
  return { series: new Map() };
}
