// Probe read-out labels, and whose images are shown (corner text of viewer and review) with a
// deliberate switch to another patient.
import type { Messages } from '../messages.js';

export const probeReadout: Messages['probeReadout'] = {
  stored: 'Stored',
  pixel: 'Pixel (column, row, slice)',
  patient: 'Patient',
};

/** Whose images are shown (corner text of viewer and review) and a deliberate switch to another patient. */
export const identity: Messages['identity'] = {
  birthDate: 'Born {{date}}',
  accession: 'Accession {{number}}',
  switchTitle: "Open another patient's results",
  switchBody:
    'These results belong to another patient than the one on screen. Opening them switches the patient shown.',
  switchCurrent: 'Patient on screen',
  switchNext: 'Patient of these results',
  switchConfirm: 'Switch to this patient and open',
  switchCancel: 'Cancel',
  switchedBanner: 'Patient switched: {{name}} (ID {{id}})',
  dismiss: 'Dismiss',
};
