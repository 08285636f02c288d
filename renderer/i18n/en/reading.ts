// English messages for reading-room conventions (window presets, layout, prior comparison, progress).
import type { Messages } from '../messages.js';

export const reading: Messages['reading'] = {
  presets: {
    own: 'My presets',
    save: 'Save window',
    saveTitle: 'Save the current window (WL/WW) under a name',
    name: 'Preset name',
    confirm: 'Save',
    cancel: 'Cancel',
    remove: 'Delete',
    removeTitle: 'Delete the selected preset of your own',
    saveFailed: 'The preset could not be saved: the settings file cannot be written.',
  },
  activity: {
    listing: 'Listing files',
    importing: 'Importing {{done}} / {{total}}',
    jobsRunning: 'AI analyses in progress: {{count}}',
    jobsFailed: 'AI analyses failed: {{count}}',
    resultsArrived: 'AI results arrived',
    show: 'Show the jobs',
  },
  report: {
    dismiss: 'Close',
  },
  compare: {
    heading: "This patient's other studies",
    open: 'Compare side by side',
    end: 'End comparison',
    current: 'Current',
    prior: 'Prior {{date}}',
    linkWorld: 'Linked by position (same frame of reference)',
    linkSliceLocation:
      'Linked by slice location (different frames of reference: by the aligned offset)',
    align: 'Align here',
    alignTitle:
      'When both panes show the same anatomy, press to link them by this offset from now on',
    aligned: 'Aligned',
  },
};
