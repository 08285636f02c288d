// English messages for sent jobs, and the review of their findings.
import type { Messages } from '../messages.js';

export const jobs: Messages['jobs'] = {
  heading: 'AI analysis jobs',
  empty: 'No jobs sent yet.',
  send: 'Send to AI service',
  retry: 'Retry',
  cancel: 'Cancel',
  results: '{{count}} AI result(s)',
  resultsReady: 'AI results have arrived ({{count}}). They are stored beside the original study.',
  refused:
    '{{count}} result object(s) were refused because their identifiers (UIDs) were malformed; the other results were stored.',
  progress: '{{done}} / {{total}} images ({{percent}}%)',
  aiMark: 'AI',
  openResults: 'Open results',
  states: {
    preparing: 'Preparing (pseudonymizing)',
    uploading: 'Uploading {{percent}}%',
    queued: 'Queued for analysis',
    running: 'Analysing',
    completed: 'Completed',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
  failure: {
    not_signed_in: 'You are not signed in to the AI platform. Sign in, then press Retry.',
    network:
      'Could not reach the AI platform. Check the network and press Retry; if it keeps failing, contact your IT administrator or the platform operator.',
    server_refused:
      'The AI platform refused the images. Check that the service accepts this series; if unsure, contact the platform administrator.',
    pseudonymize_failed:
      'The images could not be pseudonymized, so nothing was sent. Try another series; if it keeps failing, contact your IT administrator.',
    no_instances:
      'There were no images that could be sent. Choose a series with images the service accepts.',
    service_cancelled:
      'The AI service stopped the analysis. Press Retry; if it stops again, contact the platform administrator.',
    foreign_reference:
      'The result referred to images that were not sent, so it was refused and nothing was stored. Contact the platform administrator.',
    invalid_result:
      "The AI service's result could not be read, so nothing was stored. Contact the platform administrator.",
    malformed_result:
      'The AI service returned results with malformed identifiers (UIDs). They were refused and nothing was stored. Contact the platform administrator.',
    response_too_large:
      'The AI platform sent more data than allowed, so the download was stopped. Contact the platform administrator.',
    vault_unavailable:
      'The pseudonym table (vault) cannot be opened: its key in the OS keychain is missing. Check that the keychain is running and unlocked, then press Retry; otherwise contact your IT administrator.',
    keychain_unavailable:
      'The OS keychain is not available (on Linux, a Secret Service such as GNOME Keyring or KWallet), so nothing could be pseudonymized or sent. Start and unlock it, then press Retry; ask your IT administrator to set it up.',
    disk_full:
      'The disk is full, so the job stopped. Free some space, then press Retry; if that does not help, contact your IT administrator.',
    interrupted:
      'The job was interrupted. Press Retry; if it keeps happening, contact your IT administrator.',
  },
};

export const review: Messages['review'] = {
  results: 'Results',
  manualResult: 'Manual / third-party',
  open: 'Review AI results',
  heading: 'AI results review',
  close: 'Close review',
  original: 'Original',
  mip: 'MIP with outlines',
  annotated: 'Annotated',
  noResults: 'This study has no AI results (SEG or TID 1500 SR).',
  aiMarkTitle: 'Made by an AI algorithm ({{manufacturer}})',
  segments: 'Segments',
  fill: 'Fill',
  outline: 'Outline',
  opacity: 'Opacity',
  showSegment: 'Show {{label}}',
  segmentColor: 'Colour of {{label}}',
  findings: 'Findings ({{count}})',
  size: 'Size',
  volume: 'Volume',
  /** Brackets around a measurement's derivation (Maximum, Mean) after its name. */
  derivationOpen: ' (',
  derivationClose: ')',
  confidence: 'Confidence',
  mm: '{{value}} mm',
  mm3: '{{value}} mm³',
  decision: 'Assessment',
  accept: 'Accept',
  reject: 'Reject',
  comment: 'Comment',
  save: 'Save assessment',
  saved: 'Assessment saved as a new SR.',
  aiUnchanged: 'The AI results themselves are never changed.',
  showLibrary: 'Show studies',
  hideLibrary: 'Hide studies',
};
