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
};
