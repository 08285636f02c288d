import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalAe, RemoteNode } from '../../preload/contract/index.js';
import { usePacsStore } from '../state/pacsStore.js';
import { NodeEditor } from './NodeEditor.js';
import { NodeTest } from './NodeTest.js';
import { newNode } from './newNode.js';

/** AE titles typed as a list: separated by commas or spaces (an AE title holds neither here). */
function callerTitles(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((title) => title.trim())
    .filter((title) => title !== '');
}

/** The nodes and the local AE; what the policy fixes is shown disabled, with the reason. */
export function PacsSettingsDialog({ onClose }: { onClose: () => void }): React.JSX.Element | null {
  const { t } = useTranslation();
  const settings = usePacsStore((state) => state.settings);
  const message = usePacsStore((state) => state.message);
  const [editing, setEditing] = useState<RemoteNode | undefined>();
  const [local, setLocal] = useState<LocalAe | undefined>(settings?.local);
  const [callers, setCallers] = useState(settings?.local.allowedCallers.join(', ') ?? '');
  if (settings === undefined || local === undefined) return null;
  const fixedFields = new Set(settings.fixed?.localFields ?? []);
  const fixedNodes = new Set(settings.fixed?.nodeIds ?? []);
  const withSecret = new Set(settings.nodesWithSecret ?? []);
  const fixedTitle = t('pacs.settings.fixed');

  const saveNode = async (node: RemoteNode, secret: string): Promise<void> => {
    const before = new Set(settings.nodes.map((one) => one.id));
    const nodes = settings.nodes.some((one) => one.id === node.id)
      ? settings.nodes.map((one) => (one.id === node.id ? node : one))
      : [...settings.nodes, node];
    const saved = await usePacsStore.getState().saveSettings({ local: settings.local, nodes });
    if (saved === undefined) return;
    const id = before.has(node.id) ? node.id : saved.nodes.find((one) => !before.has(one.id))?.id;
    if (secret !== '' && id !== undefined) await usePacsStore.getState().setSecret(id, secret);
    await usePacsStore.getState().load();
    setEditing(undefined);
  };

  const localField = (key: 'aeTitle' | 'port', label: string) => (
    <label className="search-field" title={fixedFields.has(key) ? fixedTitle : undefined}>
      <span>{label}</span>
      <input
        value={String(local[key])}
        type={key === 'port' ? 'number' : 'text'}
        disabled={fixedFields.has(key)}
        data-testid={`local-${key}`}
        onChange={(event) =>
          setLocal({
            ...local,
            [key]: key === 'port' ? Number(event.target.value) : event.target.value,
          })
        }
      />
      {fixedFields.has(key) && <small className="fixed-reason">{fixedTitle}</small>}
    </label>
  );

  return (
    <div className="pacs-dialog-backdrop">
      <div
        className="pacs-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pacs-settings-heading"
        data-testid="pacs-settings"
      >
        <h2 id="pacs-settings-heading">{t('pacs.settings.heading')}</h2>
        {message !== undefined && (
          <p className="remote-problem" role="alert">
            {'problem' in message
              ? t(`pacs.problem.${message.problem}`)
              : t(`error.${message.error as 'internal'}`)}
          </p>
        )}
        <section>
          <h3>{t('pacs.settings.local')}</h3>
          <div className="study-search">
            {localField('aeTitle', t('pacs.settings.aeTitle'))}
            {localField('port', t('pacs.settings.port'))}
          </div>
          <label
            className="checkbox"
            title={fixedFields.has('receiveEnabled') ? fixedTitle : undefined}
          >
            <input
              type="checkbox"
              checked={local.receiveEnabled}
              disabled={fixedFields.has('receiveEnabled')}
              data-testid="local-receive"
              onChange={(event) => setLocal({ ...local, receiveEnabled: event.target.checked })}
            />
            {t('pacs.settings.receive')}
            {fixedFields.has('receiveEnabled') && (
              <small className="fixed-reason"> ({fixedTitle})</small>
            )}
          </label>
          <label
            className="search-field"
            title={fixedFields.has('allowedCallers') ? fixedTitle : undefined}
          >
            <span>{t('pacs.settings.allowedCallers')}</span>
            <input
              value={callers}
              disabled={fixedFields.has('allowedCallers')}
              data-testid="local-allowedCallers"
              onChange={(event) => setCallers(event.target.value)}
            />
          </label>
          <button
            type="button"
            data-testid="local-save"
            onClick={() =>
              void usePacsStore.getState().saveSettings({
                local: { ...local, allowedCallers: callerTitles(callers) },
                nodes: settings.nodes,
              })
            }
          >
            {t('pacs.settings.save')}
          </button>
        </section>
        <section>
          <h3>{t('pacs.settings.nodes')}</h3>
          <ul className="node-list">
            {settings.nodes.map((node) => (
              <li key={node.id} data-testid="node-item">
                <strong>{node.label}</strong>{' '}
                <span className="muted">{t(`pacs.settings.kind.${node.kind}`)}</span>
                {fixedNodes.has(node.id) && <small className="fixed-reason"> {fixedTitle}</small>}
                <button
                  type="button"
                  className="secondary"
                  disabled={fixedNodes.has(node.id) && node.kind !== 'dicomweb'}
                  title={fixedNodes.has(node.id) ? fixedTitle : undefined}
                  onClick={() => setEditing(node)}
                >
                  {t('pacs.settings.edit')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={fixedNodes.has(node.id)}
                  title={fixedNodes.has(node.id) ? fixedTitle : undefined}
                  onClick={() =>
                    void usePacsStore.getState().saveSettings({
                      local: settings.local,
                      nodes: settings.nodes.filter((one) => one.id !== node.id),
                    })
                  }
                >
                  {t('pacs.settings.remove')}
                </button>
                <NodeTest nodeId={node.id} />
              </li>
            ))}
          </ul>
          {editing === undefined ? (
            <div className="remote-search-actions">
              <button
                type="button"
                className="secondary"
                data-testid="add-dicomweb"
                onClick={() => setEditing(newNode('dicomweb'))}
              >
                {t('pacs.settings.addDicomweb')}
              </button>
              <button
                type="button"
                className="secondary"
                data-testid="add-dimse"
                onClick={() => setEditing(newNode('dimse'))}
              >
                {t('pacs.settings.addDimse')}
              </button>
            </div>
          ) : (
            <NodeEditor
              key={editing.id}
              node={editing}
              hasSecret={withSecret.has(editing.id)}
              onSave={(node, secret) => void saveNode(node, secret)}
              onCancel={() => setEditing(undefined)}
            />
          )}
        </section>
        <div className="remote-search-actions">
          <button
            type="button"
            className="secondary"
            data-testid="pacs-settings-close"
            onClick={onClose}
          >
            {t('pacs.settings.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
