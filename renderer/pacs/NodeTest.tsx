import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EchoOutcome } from '../../preload/contract/index.js';
import { usePacsStore } from '../state/pacsStore.js';

/** The Test button: a C-ECHO or a QIDO ping, and what is wrong said plainly. */
export function NodeTest({ nodeId }: { nodeId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'testing' | EchoOutcome>('idle');
  return (
    <span className="node-test">
      <button
        type="button"
        className="secondary"
        disabled={state === 'testing'}
        data-testid="node-test"
        onClick={() => {
          setState('testing');
          void usePacsStore
            .getState()
            .echo(nodeId)
            .then((outcome) => setState(outcome ?? { ok: false, problem: 'protocol_error' }));
        }}
      >
        {state === 'testing' ? t('pacs.settings.testing') : t('pacs.settings.test')}
      </button>
      {typeof state === 'object' && (
        <span
          role="status"
          data-testid="node-test-result"
          className={state.ok ? 'ok' : 'remote-problem'}
        >
          {state.ok
            ? t('pacs.settings.testOk', { ms: String(Math.round(state.milliseconds)) })
            : t(`pacs.problem.${state.problem}`)}
        </span>
      )}
    </span>
  );
}
