// English messages for the catalog of AI services and their details.
import type { Messages } from '../messages.js';

export const catalog: Messages['catalog'] = {
  heading: 'AI services',
  tabs: { all: 'Catalog', mine: 'My page' },
  search: 'Search services',
  categories: {
    all: 'All',
    neuro: 'Neuro',
    chest: 'Chest',
    abdomen: 'Abdomen',
    musculoskeletal: 'Musculoskeletal',
    general: 'General',
  },
  lastSynced: 'Last synced: {{time}}',
  neverSynced: 'Never synced',
  offline: 'Offline: showing the saved catalog',
  sync: 'Refresh',
  empty: 'No services are available.',
  noMatch: 'No service matches.',
  alert: {
    bad_signature:
      'Security alert: the catalog received has an invalid signature. It may have been tampered with, so it is not used; the last good catalog is shown. Contact your administrator.',
    too_large:
      'Security alert: the platform sent a catalog far larger than allowed, so the download was stopped and it is not used; the last good catalog is shown. Contact your administrator.',
    untrusted_key:
      'Security alert: the catalog is signed by a key that is not trusted. It is not used; the last good catalog is shown. Contact your administrator.',
  },
  pin: 'Pin to My page',
  unpin: 'Unpin from My page',
  pinSignIn: 'Sign in to use My page.',
  myEmpty: 'No pinned services yet. Pin them from the catalog.',
  back: 'Back to the list',
  detail: {
    description: 'What it does',
    vendor: 'Vendor',
    version: 'Version',
    regulatory: 'Regulatory status',
    input: 'Accepted data',
    modalities: 'Modalities: {{list}}',
    bodyParts: 'Body parts: {{list}}',
    minSlices: 'At least {{count}} slices',
    sent: 'Data sent',
    sentText:
      'The images (DICOM) of the chosen series, pseudonymized on this workstation as listed below before they are sent. Names, patient IDs and other identifiers are never sent.',
    deid: 'Pseudonymization (DICOM PS3.15 Annex E)',
    outputs: 'Results returned',
    turnaround: 'Expected turnaround',
    turnaroundText: 'usually {{typical}}, at most {{max}}',
  },
  seconds: '{{count}} s',
  minutes: '{{count}} min',
  deidOption: {
    c113100: 'Basic profile',
    c113101: 'Clean pixel data (burned-in text)',
    c113102: 'Clean recognizable visual features (face)',
    c113105: 'Clean descriptors',
    c113107: 'Keep dates, shifted',
    c113108: 'Keep patient characteristics (sex, age, size)',
  },
  outputType: {
    SEG: 'Segmentation (DICOM SEG)',
    SR: 'Structured report (DICOM SR)',
    PMAP: 'Parametric map',
  },
  eligibility: {
    heading: 'Series on screen',
    eligible: 'Accepts this series',
    notEligible: 'Does not accept this series',
    none: 'Open a series to see which services accept it.',
  },
  reason: {
    modality: 'wrong modality',
    'sop-class': 'image type (SOP class) not accepted',
    'too-few-slices': 'too few slices ({{slices}} of {{min}} needed)',
    sequence: 'not the sequence it needs (series description)',
    'body-part': 'not a body part it reads',
    'no-images': 'no images',
    'not-allowed': "not allowed by your organisation's policy",
  },
};
