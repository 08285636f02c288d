import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.js';
import { App } from './shell/App.js';
import { useLibraryStore } from './state/libraryStore.js';
import { useSettingsStore } from './state/settingsStore.js';
import { host } from './host/host.js';
import './styles.css';

await initI18n('ja');
await useSettingsStore.getState().load();
const studies = await host().invoke('library.studies', {});
if (studies.ok) useLibraryStore.setState({ studies: studies.value });

const root = document.getElementById('root');
if (root === null) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
