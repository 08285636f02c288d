import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listenToPacsEvents, usePacsStore } from '../state/pacsStore.js';
import { PacsSettingsDialog } from './PacsSettingsDialog.js';
import { RemoteSearchForm } from './RemoteSearchForm.js';
import { RemoteStudyList } from './RemoteStudyList.js';
import { RetrieveList } from './RetrieveList.js';
import './pacs.css';

/** The PACS part of the study browser: node, search, remote results, retrieves, connections. */
export function PacsPanel(): React.JSX.Element {
  const { t } = useTranslation();
  const settings = usePacsStore((state) => state.settings);
  const nodeId = usePacsStore((state) => state.nodeId);
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState(false);

  useEffect(() => {
    void usePacsStore.getState().load();
    const off = listenToPacsEvents();
    // Unmounted when the screen locks: the remote rows (patient data) go with it.
    return () => {
      off();
      usePacsStore.getState().forget();
    };
  }, []);

  const nodes = settings?.nodes ?? [];
  return (
    <section className="pacs-panel" data-testid="pacs-panel">
      <div className="pacs-panel-head">
        <button
          type="button"
          className="secondary"
          aria-expanded={open}
          data-testid="pacs-toggle"
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'} {t('pacs.heading')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="pacs-settings-open"
          onClick={() => setDialog(true)}
        >
          {t('pacs.settingsOpen')}
        </button>
      </div>
      {open &&
        (nodes.length === 0 ? (
          <p className="hint">{t('pacs.noNodes')}</p>
        ) : (
          <>
            <label className="search-field pacs-node">
              <span>{t('pacs.node')}</span>
              <select
                value={nodeId ?? ''}
                data-testid="pacs-node"
                onChange={(event) => usePacsStore.getState().chooseNode(event.target.value)}
              >
                {nodes.map((node) => (
                  <option key={node.id} value={node.id}>
                    {node.label}
                  </option>
                ))}
              </select>
            </label>
            <RemoteSearchForm />
            <RemoteStudyList />
          </>
        ))}
      <RetrieveList />
      {dialog && <PacsSettingsDialog onClose={() => setDialog(false)} />}
    </section>
  );
}
