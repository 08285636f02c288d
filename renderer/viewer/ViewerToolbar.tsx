import { useTranslation } from 'react-i18next';
import { useViewerStore } from '../state/viewerStore.js';
import { setPrimaryTool, type PrimaryTool } from './cornerstone.js';
import type { StackController } from './stackController.js';
import { presetsFor, type WindowPresetId } from './windowPresets.js';

interface Props {
  controller: StackController;
  modality: string;
}

const TOOLS: readonly PrimaryTool[] = ['windowLevel', 'pan', 'zoom'];

export function ViewerToolbar({ controller, modality }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const primaryTool = useViewerStore((state) => state.primaryTool);
  const preset = useViewerStore((state) => state.preset);
  const update = useViewerStore((state) => state.update);
  const showOverlay = useViewerStore((state) => state.showOverlay);

  const choose = (tool: PrimaryTool): void => {
    setPrimaryTool(tool);
    update({ primaryTool: tool });
  };

  return (
    <div className="toolbar" role="toolbar">
      {TOOLS.map((tool) => (
        <button
          key={tool}
          type="button"
          aria-pressed={primaryTool === tool}
          data-testid={`tool-${tool}`}
          onClick={() => choose(tool)}
        >
          {t(`viewer.tools.${tool}`)}
        </button>
      ))}
      <button type="button" data-testid="tool-reset" onClick={() => controller.reset()}>
        {t('viewer.tools.reset')}
      </button>
      <button type="button" aria-pressed={showOverlay} data-testid="tool-overlay" onClick={() => update({ showOverlay: !showOverlay })}>
        {t('viewer.tools.overlay')}
      </button>
      <label className="preset">
        {t('viewer.presets.label')}
        <select
          value={preset}
          data-testid="window-preset"
          onChange={(event) => controller.applyPreset(event.target.value as WindowPresetId)}
        >
          {presetsFor(modality).map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {t(`viewer.presets.${candidate.id}`)}
            </option>
          ))}
        </select>
      </label>
      <span className="toolbar-hint">{t('viewer.hint')}</span>
    </div>
  );
}
