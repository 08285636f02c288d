/**
 * Where devices burn text into pixels (Clean Pixel Data Option, PS3.15 E.3.1, CID 7050 113101).
 * Like CTP's DicomPixelAnonymizer script: a rule matches on modality, manufacturer, model and
 * image size, and names the rectangles to blank. The first matching rule wins. The rules are data
 * (burnedIn/vendorRegions.ts); the text detector checks every image they are applied to.
 */
import { VENDOR_RULES } from './burnedIn/vendorRegions.js';

export type { BurnedInTextRule, NamedRegion, Region } from './burnedIn/ruleTypes.js';
import type { BurnedInTextRule } from './burnedIn/ruleTypes.js';

export interface ImageIdentity {
  modality: string;
  manufacturer: string;
  model: string;
  rows: number;
  columns: number;
}

/** The reviewed table (burnedIn/vendorRegions.ts). */
export const BURNED_IN_TEXT_RULES: readonly BurnedInTextRule[] = VENDOR_RULES;

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
