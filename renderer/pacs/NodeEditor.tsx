import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteNode } from '../../preload/contract/index.js';

/** One node's fields; the secret is typed here but goes to main's keychain only, never the settings. */
export function NodeEditor({
  node,
  hasSecret,
  onSave,
  onCancel,
}: {
  node: RemoteNode;
  hasSecret: boolean;
  onSave: (node: RemoteNode, secret: string) => void;
  onCancel: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RemoteNode>(node);
  const [secret, setSecret] = useState('');
  const field = (label: string, input: React.JSX.Element) => (
    <label className="search-field">
      <span>{label}</span>
      {input}
    </label>
  );
  const text = (key: 'label' | 'baseUrl' | 'username' | 'aeTitle' | 'host', label: string) =>
    field(
      label,
      <input
        value={((draft as Record<string, unknown>)[key] as string | undefined) ?? ''}
        data-testid={`node-${key}`}
        spellCheck={false}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value } as RemoteNode)}
      />,
    );

  return (
    <form
      className="node-editor"
      data-testid="node-editor"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(draft, secret);
      }}
    >
      {text('label', t('pacs.settings.label'))}
      {draft.kind === 'dicomweb' ? (
        <>
          {text('baseUrl', t('pacs.settings.baseUrl'))}
          {field(
            t('pacs.settings.auth'),
            <select
              value={draft.auth}
              data-testid="node-auth"
              onChange={(event) =>
                setDraft({ ...draft, auth: event.target.value as typeof draft.auth })
              }
            >
              {(['none', 'basic', 'bearer'] as const).map((one) => (
                <option key={one} value={one}>
                  {t(`pacs.settings.authKind.${one}`)}
                </option>
              ))}
            </select>,
          )}
          {draft.auth === 'basic' && text('username', t('pacs.settings.username'))}
          {draft.auth !== 'none' &&
            field(
              t('pacs.settings.secret'),
              <input
                type="password"
                value={secret}
                autoComplete="off"
                placeholder={hasSecret ? t('pacs.settings.secretStored') : ''}
                data-testid="node-secret"
                onChange={(event) => setSecret(event.target.value)}
              />,
            )}
        </>
      ) : (
        <>
          {text('aeTitle', t('pacs.settings.aeTitle'))}
          {text('host', t('pacs.settings.host'))}
          {field(
            t('pacs.settings.port'),
            <input
              type="number"
              min={1}
              max={65535}
              value={draft.port}
              data-testid="node-port"
              onChange={(event) => setDraft({ ...draft, port: Number(event.target.value) })}
            />,
          )}
          {field(
            t('pacs.settings.retrieveWith'),
            <select
              value={draft.retrieveWith}
              data-testid="node-retrieveWith"
              onChange={(event) =>
                setDraft({
                  ...draft,
                  retrieveWith: event.target.value as typeof draft.retrieveWith,
                })
              }
            >
              <option value="c-get">C-GET</option>
              <option value="c-move">C-MOVE</option>
            </select>,
          )}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.tls.enabled}
              onChange={(event) =>
                setDraft({ ...draft, tls: { ...draft.tls, enabled: event.target.checked } })
              }
            />
            {t('pacs.settings.tls')}
          </label>
        </>
      )}
      <div className="remote-search-actions">
        <button type="submit" data-testid="node-save">
          {t('pacs.settings.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('pacs.settings.close')}
        </button>
      </div>
    </form>
  );
}
