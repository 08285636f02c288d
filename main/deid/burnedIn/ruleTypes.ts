/** The shapes of the burned-in text rules and the rectangles that masking blanks. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A region of a vendor's layout, named for the reviewer. */
export interface NamedRegion extends Region {
  what: string;
}

export interface BurnedInTextRule {
  name: string;
  /** Where the layout was taken from (an image measured, a published script). */
  source: string;
  modality: string;
  /** Case-insensitive prefix of Manufacturer (0008,0070); any when absent. */
  manufacturer?: string;
  /** Case-insensitive prefix of Manufacturer's Model Name (0008,1090); any when absent. */
  model?: string;
  rows?: number;
  columns?: number;
  regions: readonly (Region | NamedRegion)[];
}
