/**
 * Where devices burn text into pixels: the reviewed table of layouts (Clean Pixel Data Option,
 * PS3.15 E.3.1). Each rule names every area of its layout that holds text, not only the header
 * band, and where it was taken from. A rule masks its regions; the detector then checks the whole
 * image, so a layout that changed (a new software version, a caption typed by the sonographer)
 * is still caught. Add a rule only with an image of the layout at hand and a test that plants
 * text in each of its regions (test/unit/main/deid/burnedIn/vendorRegions.test.ts).
 */
import type { BurnedInTextRule } from './ruleTypes.js';

export const VENDOR_RULES: readonly BurnedInTextRule[] = [
  {
    name: 'philips-epiq-1024x768',
    source:
      'Measured on a Philips EPIQ 5G image (pydicom/deid-data ultrasounds/GREYSCALE_IMAGE.dcm, MIT)',
    modality: 'US',
    manufacturer: 'Philips',
    model: 'EPIQ',
    rows: 768,
    columns: 1024,
    regions: [
      // Patient name, ID, birth date, sex, institution, date and time.
      { what: 'header', x: 0, y: 0, width: 1024, height: 28 },
      // Preset, probe, frame rate and image settings; the preset name is free text.
      { what: 'settings', x: 0, y: 28, width: 150, height: 245 },
      { what: 'safety indices', x: 800, y: 26, width: 224, height: 32 },
      { what: 'grey map label', x: 940, y: 70, width: 62, height: 32 },
      // Focus zone count beside the depth scale.
      { what: 'focus', x: 880, y: 180, width: 60, height: 320 },
      { what: 'depth', x: 840, y: 688, width: 104, height: 38 },
    ],
  },
  {
    name: 'siemens-acuson-1024x768',
    source:
      'Measured on a Siemens ACUSON S2000 image (pydicom/deid-data ultrasounds/RGB_IMAGE.dcm, MIT)',
    modality: 'US',
    manufacturer: 'SIEMENS',
    rows: 768,
    columns: 1024,
    regions: [
      // Two lines: patient name, department, date and time, accession; patient ID, institution.
      { what: 'header', x: 0, y: 0, width: 1024, height: 58 },
      // Vendor, probe, preset, safety indices and imaging settings.
      { what: 'settings', x: 890, y: 45, width: 134, height: 335 },
      { what: 'status icons', x: 0, y: 58, width: 290, height: 30 },
      // Depth markers and the focus arrow down the left edge.
      { what: 'depth scale', x: 0, y: 80, width: 45, height: 688 },
      // Typed by the sonographer: free text, so anything, a name included.
      { what: 'caption', x: 480, y: 728, width: 270, height: 40 },
      { what: 'depth', x: 785, y: 733, width: 75, height: 35 },
    ],
  },
  {
    name: 'ge-us-1024x768',
    source:
      'CTP DicomPixelAnonymizer script (RSNA), GE ultrasound 1024x768: header band only, no image at hand; the detector checks the rest',
    modality: 'US',
    manufacturer: 'GE',
    rows: 768,
    columns: 1024,
    regions: [{ what: 'header', x: 0, y: 0, width: 1024, height: 60 }],
  },
  {
    name: 'philips-us-800x600',
    source:
      'CTP DicomPixelAnonymizer script (RSNA), Philips iU22 800x600: header band only, no image at hand; the detector checks the rest',
    modality: 'US',
    manufacturer: 'Philips',
    rows: 600,
    columns: 800,
    regions: [{ what: 'header', x: 0, y: 0, width: 800, height: 60 }],
  },
];
