import { useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../state/libraryStore.js';
import { host } from '../host/host.js';
import { droppedFiles, readInBatches } from './droppedFiles.js';

/**
 * Drag and drop anywhere in the window. The desktop app knows the dropped paths and imports in
 * place; the dev host gets only bytes, which the main side keeps a copy of.
 */
export function DropZone({ children }: { children: ReactNode }): React.JSX.Element {
  const { t } = useTranslation();
  const [active, setActive] = useState(false);
  const importPaths = useLibraryStore((state) => state.importPaths);
  const importFiles = useLibraryStore((state) => state.importFiles);

  const onDrop = async (event: DragEvent<HTMLDivElement>): Promise<void> => {
    event.preventDefault();
    setActive(false);
    const paths = [...event.dataTransfer.files].map((file) => host().pathForFile(file));
    if (paths.length > 0 && paths.every((path): path is string => path !== null)) {
      await importPaths(paths);
      return;
    }
    const files = await droppedFiles(event.dataTransfer);
    for await (const batch of readInBatches(files)) await importFiles(batch);
  };

  return (
    <div
      className={active ? 'drop-zone drop-active' : 'drop-zone'}
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setActive(true);
      }}
      onDragLeave={() => setActive(false)}
      onDrop={(event) => void onDrop(event)}
    >
      {children}
      {active && <div className="drop-overlay">{t('library.dropActive')}</div>}
    </div>
  );
}
