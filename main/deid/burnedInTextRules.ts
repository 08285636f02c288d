/**
 * Where devices burn text into pixels (Clean Pixel Data Option, PS3.15 E.3.1, CID 7050 113101).
 * Like CTP's DicomPixelAnonymizer script: a rule matches on modality, manufacturer, model and
 * image size, and names the rectangles to blank. The first matching rule wins; an image with
 * Burned In Annotation = YES that no rule matches is not sent (see pseudonymizeStudy).
 */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BurnedInTextRule {
  name: string;
  modality: string;
  /** Case-insensitive prefix of Manufacturer (0008,0070); any when absent. */
  manufacturer?: string;
  /** Case-insensitive prefix of Manufacturer's Model Name (0008,1090); any when absent. */
  model?: string;
  rows?: number;
  columns?: number;
  regions: readonly Region[];
}

export interface ImageIdentity {
  modality: string;
  manufacturer: string;
  model: string;
  rows: number;
  columns: number;
}

export const BURNED_IN_TEXT_RULES: readonly BurnedInTextRule[] = [
  {
    // Philips EPIQ / Affiniti 1024x768: the header band holds patient name, ID, date and
    // institution; the lower-left corner repeats the study date.
    name: 'philips-epiq-1024x768',
    modality: 'US',
    manufacturer: 'Philips',
    model: 'EPIQ',
    rows: 768,
    columns: 1024,
    regions: [{ x: 0, y: 0, width: 1024, height: 80 }],
  },
  {
    // Philips iU22 and other Philips US at 800x600: header band.
    name: 'philips-us-800x600',
    modality: 'US',
    manufacturer: 'Philips',
    rows: 600,
    columns: 800,
    regions: [{ x: 0, y: 0, width: 800, height: 60 }],
  },
  {
    // GE LOGIQ / Vivid at 1024x768 (CTP's script): header band.
    name: 'ge-us-1024x768',
    modality: 'US',
    manufacturer: 'GE',
    rows: 768,
    columns: 1024,
    regions: [{ x: 0, y: 0, width: 1024, height: 60 }],
  },
  {
    // Siemens ACUSON at 1024x768: header band.
    name: 'siemens-us-1024x768',
    modality: 'US',
    manufacturer: 'SIEMENS',
    rows: 768,
    columns: 1024,
    regions: [{ x: 0, y: 0, width: 1024, height: 70 }],
  },
];

const startsWith = (value: string, prefix: string | undefined): boolean =>
  prefix === undefined || value.toUpperCase().startsWith(prefix.toUpperCase());

export function burnedInTextRuleFor(
  image: ImageIdentity,
  rules: readonly BurnedInTextRule[] = BURNED_IN_TEXT_RULES,
): BurnedInTextRule | undefined {
  return rules.find(
    (rule) =>
      rule.modality === image.modality &&
      startsWith(image.manufacturer, rule.manufacturer) &&
      startsWith(image.model, rule.model) &&
      (rule.rows === undefined || rule.rows === image.rows) &&
      (rule.columns === undefined || rule.columns === image.columns),
  );
}
