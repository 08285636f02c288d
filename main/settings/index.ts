// What other folders may use of main/settings; code outside imports it only from here.
export { SettingsStore } from './settingsStore.js';
