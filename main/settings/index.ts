// What other folders may use of main/settings; code outside imports it only from here.
export { SettingsSection } from './settingsSection.js';
export { SettingsStore } from './settingsStore.js';
