import { useTranslation } from 'react-i18next';
import { useViewerStore } from '../state/viewerStore.js';
import { SHORTCUTS } from './shortcuts.js';

/** Every keyboard shortcut with what it does, from the same table the keys are handled by. */
export function HelpOverlay(): React.JSX.Element | null {
  const { t } = useTranslation();
  const showHelp = useViewerStore((state) => state.showHelp);
  if (!showHelp) return null;
  const close = (): void => useViewerStore.getState().update({ showHelp: false });
  return (
    <div
      className="help-overlay"
      role="dialog"
      aria-modal="true"
      aria-label={t('viewer.help.title')}
      data-testid="help-overlay"
      onClick={close}
    >
      <div className="help-panel" onClick={(event) => event.stopPropagation()}>
        <h2>{t('viewer.help.title')}</h2>
        <dl>
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.does} className="help-row">
              <dt>
                <kbd>{shortcut.label}</kbd>
              </dt>
              <dd>{t(`viewer.shortcuts.${shortcut.does}` as const)}</dd>
            </div>
          ))}
          <div className="help-row">
            <dt>
              <kbd>{t('viewer.help.mouseKeys')}</kbd>
            </dt>
            <dd>{t('viewer.help.mouse')}</dd>
          </div>
        </dl>
        <button type="button" onClick={close} data-testid="help-close">
          {t('viewer.help.close')}
        </button>
      </div>
    </div>
  );
}
