import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettingsStore } from '../state/settingsStore.js';
import { useViewerStore } from '../state/viewerStore.js';
import { presetsFor, userPresetId, type WindowPresetId } from '../state/windowPresets.js';
import { shortcutLabel } from './shortcuts.js';

interface Props {
  modality: string;
  applyPreset: (id: WindowPresetId) => void;
}

/** The active viewport's window as its corner shows it. */
function activeWindow(): { center: number; width: number } | undefined {
  const state = useViewerStore.getState();
  const cell = state.cells[state.activeCell];
  const readout = cell === undefined ? undefined : state.readouts[cell.id];
  if (readout?.windowCenter === undefined || readout.windowWidth === undefined) return undefined;
  return { center: Math.round(readout.windowCenter), width: Math.round(readout.windowWidth) };
}

/**
 * Window presets: the built-in ones for the modality (CT's nine on keys 1-9), then the reader's
 * own, saved in the settings from the window on screen, and removable again.
 */
export function WindowPresetPicker({ modality, applyPreset }: Props): React.JSX.Element {
  const { t } = useTranslation();
  const preset = useViewerStore((state) => state.preset);
  const own = useSettingsStore((state) => state.windowPresets);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [failed, setFailed] = useState(false);
  const builtIn = presetsFor(modality);
  const keys = shortcutLabel('windowPresets');

  const save = async (): Promise<void> => {
    const window = activeWindow();
    const trimmed = name.trim();
    if (window === undefined || trimmed === '') return;
    const saved = await useSettingsStore.getState().saveWindowPreset({ name: trimmed, ...window });
    setFailed(!saved);
    if (!saved) return;
    setNaming(false);
    setName('');
    useViewerStore.getState().update({ preset: userPresetId(trimmed) });
  };

  return (
    <div className="preset" role="group" aria-label={t('viewer.presets.label')}>
      <label htmlFor="window-preset">{t('viewer.presets.label')}</label>
      <select
        id="window-preset"
        value={preset}
        data-testid="window-preset"
        title={modality === 'CT' ? `${t('viewer.shortcuts.windowPresets')} (${keys})` : undefined}
        onChange={(event) => applyPreset(event.target.value as WindowPresetId)}
      >
        {builtIn.map((candidate) => (
          <option key={candidate.id} value={candidate.id}>
            {t(`viewer.presets.${candidate.id as 'default'}`)}
          </option>
        ))}
        {own.length > 0 && (
          <optgroup label={t('reading.presets.own')}>
            {own.map((candidate) => (
              <option key={candidate.name} value={userPresetId(candidate.name)}>
                {candidate.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {naming ? (
        <form
          className="preset-save"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <input
            value={name}
            maxLength={40}
            // biome-ignore lint/a11y/noAutofocus: the field opens on the reader's own click
            autoFocus
            aria-label={t('reading.presets.name')}
            placeholder={t('reading.presets.name')}
            data-testid="preset-name"
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setNaming(false);
            }}
          />
          <button type="submit" data-testid="preset-save-confirm" disabled={name.trim() === ''}>
            {t('reading.presets.confirm')}
          </button>
          <button type="button" className="secondary" onClick={() => setNaming(false)}>
            {t('reading.presets.cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="secondary"
          data-testid="preset-save"
          title={t('reading.presets.saveTitle')}
          onClick={() => setNaming(true)}
        >
          {t('reading.presets.save')}
        </button>
      )}
      {preset.startsWith('user:') && !naming && (
        <button
          type="button"
          className="secondary"
          data-testid="preset-remove"
          title={t('reading.presets.removeTitle')}
          onClick={() => {
            void useSettingsStore.getState().removeWindowPreset(preset.slice('user:'.length));
            applyPreset('default');
          }}
        >
          {t('reading.presets.remove')}
        </button>
      )}
      {failed && (
        <span className="preset-error" role="alert">
          {t('reading.presets.saveFailed')}
        </span>
      )}
    </div>
  );
}
