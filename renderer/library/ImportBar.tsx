import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';

/** Open a folder: a native dialog in the desktop app, a typed path anywhere. */
export function ImportBar(): React.JSX.Element {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const importing = useLibraryStore((state) => state.importing);
  const importPaths = useLibraryStore((state) => state.importPaths);
  const pickAndImport = useLibraryStore((state) => state.pickAndImport);
  const nativeDialogs = useSettingsStore((state) => state.info?.nativeDialogs ?? false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed !== '') void importPaths([trimmed]);
  };

  return (
    <form className="import-bar" onSubmit={submit}>
      {nativeDialogs && (
        <>
          <button type="button" onClick={() => void pickAndImport('folders')} disabled={importing}>
            {t('library.pickFolder')}
          </button>
          <button type="button" onClick={() => void pickAndImport('files')} disabled={importing}>
            {t('library.pickFiles')}
          </button>
        </>
      )}
      <label className="path-field">
        <span>{t('library.pathLabel')}</span>
        <input
          type="text"
          value={path}
          placeholder={t('library.pathPlaceholder')}
          onChange={(event) => setPath(event.target.value)}
          data-testid="path-input"
          spellCheck={false}
        />
      </label>
      <button type="submit" disabled={importing || path.trim() === ''} data-testid="open-path">
        {t('library.open')}
      </button>
    </form>
  );
}
