import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteQuery } from '../../preload/contract/index.js';
import { datePattern } from '../format/dates.js';
import { usePacsStore } from '../state/pacsStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { fromInputDate, presetRange, type DatePreset } from './datePresets.js';

const MODALITIES = ['CT', 'MR', 'CR', 'DX', 'US', 'NM', 'PT', 'XA', 'MG', 'RF', 'OT'];
const PRESETS: DatePreset[] = ['any', 'today', 'week', 'month', 'range'];

/** The remote search fields; Search asks the chosen node, Stop cancels a slow search. */
export function RemoteSearchForm(): React.JSX.Element {
  const { t } = useTranslation();
  const searching = usePacsStore((state) => state.searching);
  const nodeId = usePacsStore((state) => state.nodeId);
  // Text fields in the locale's format: a date input would follow the browser's own locale.
  const locale = useSettingsStore((state) => state.locale);
  const dateInput = {
    type: 'text',
    inputMode: 'numeric',
    placeholder: datePattern(locale),
    maxLength: 10,
  } as const;
  const [fields, setFields] = useState({
    patientId: '',
    patientName: '',
    birthDate: '',
    accessionNumber: '',
    studyDescription: '',
    modality: '',
  });
  const [preset, setPreset] = useState<DatePreset>('any');
  const [range, setRange] = useState({ from: '', to: '' });

  const text = (field: keyof typeof fields, label: string) => (
    <label className="search-field">
      <span>{label}</span>
      <input
        type="search"
        value={fields[field]}
        data-testid={`remote-${field}`}
        spellCheck={false}
        onChange={(event) => setFields({ ...fields, [field]: event.target.value })}
      />
    </label>
  );

  const submit = (): void => {
    const birth = fromInputDate(fields.birthDate);
    const query: RemoteQuery = {
      ...presetRange(preset, new Date(), range),
      ...(birth === undefined ? {} : { patientBirthDate: birth }),
    };
    for (const key of [
      'patientId',
      'patientName',
      'accessionNumber',
      'studyDescription',
      'modality',
    ] as const)
      if (fields[key].trim() !== '') query[key] = fields[key].trim();
    void usePacsStore.getState().search(query);
  };

  return (
    <form
      className="study-search remote-search"
      role="search"
      aria-label={t('pacs.heading')}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {text('patientId', t('pacs.search.patientId'))}
      {text('patientName', t('pacs.search.patientName'))}
      <label className="search-field">
        <span>{t('pacs.search.birthDate')}</span>
        <input
          {...dateInput}
          value={fields.birthDate}
          data-testid="remote-birthDate"
          onChange={(event) => setFields({ ...fields, birthDate: event.target.value })}
        />
      </label>
      <label className="search-field">
        <span>{t('pacs.search.studyDate')}</span>
        <select
          value={preset}
          data-testid="remote-datePreset"
          onChange={(event) => setPreset(event.target.value as DatePreset)}
        >
          {PRESETS.map((one) => (
            <option key={one} value={one}>
              {t(`pacs.search.datePreset.${one}`)}
            </option>
          ))}
        </select>
      </label>
      {preset === 'range' && (
        <>
          <label className="search-field">
            <span>{t('pacs.search.from')}</span>
            <input
              {...dateInput}
              value={range.from}
              data-testid="remote-dateFrom"
              onChange={(event) => setRange({ ...range, from: event.target.value })}
            />
          </label>
          <label className="search-field">
            <span>{t('pacs.search.to')}</span>
            <input
              {...dateInput}
              value={range.to}
              data-testid="remote-dateTo"
              onChange={(event) => setRange({ ...range, to: event.target.value })}
            />
          </label>
        </>
      )}
      <label className="search-field">
        <span>{t('pacs.search.modality')}</span>
        <select
          value={fields.modality}
          data-testid="remote-modality"
          onChange={(event) => setFields({ ...fields, modality: event.target.value })}
        >
          <option value="">{t('pacs.search.anyModality')}</option>
          {MODALITIES.map((one) => (
            <option key={one} value={one}>
              {one}
            </option>
          ))}
        </select>
      </label>
      {text('accessionNumber', t('pacs.search.accession'))}
      {text('studyDescription', t('pacs.search.description'))}
      <div className="remote-search-actions">
        {searching ? (
          <button
            type="button"
            className="secondary"
            data-testid="remote-cancel"
            onClick={() => void usePacsStore.getState().cancelSearch()}
          >
            {t('pacs.search.cancel')}
          </button>
        ) : (
          <button type="submit" disabled={nodeId === undefined} data-testid="remote-search">
            {t('pacs.search.submit')}
          </button>
        )}
      </div>
    </form>
  );
}
