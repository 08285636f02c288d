import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { datePattern } from '../format/dates.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { isEmptyQuery, modalitiesOf, type StudyQuery } from '../state/studyQuery.js';

/** The study browser's search fields; the list filters as the doctor types. */
export function StudySearch(): React.JSX.Element | null {
  const { t } = useTranslation();
  const studies = useLibraryStore((state) => state.studies);
  const query = useLibraryStore((state) => state.query);
  const setQuery = useLibraryStore((state) => state.setQuery);
  const resetQuery = useLibraryStore((state) => state.resetQuery);
  // A text field in the locale's format: a date input would follow the browser's own locale.
  const locale = useSettingsStore((state) => state.locale);
  const modalities = useMemo(() => modalitiesOf(studies), [studies]);
  if (studies.length === 0) return null;

  const text = (field: 'name' | 'patientId' | 'description', label: string) => (
    <label className="search-field">
      <span>{label}</span>
      <input
        type="search"
        value={query[field]}
        data-testid={`search-${field}`}
        spellCheck={false}
        onChange={(event) => setQuery({ [field]: event.target.value } as Partial<StudyQuery>)}
      />
    </label>
  );

  return (
    <form
      className="study-search"
      role="search"
      aria-label={t('library.search.heading')}
      onSubmit={(event) => event.preventDefault()}
    >
      {text('name', t('library.search.name'))}
      {text('patientId', t('library.search.patientId'))}
      <label className="search-field">
        <span>{t('library.search.dateFrom')}</span>
        <input
          type="text"
          inputMode="numeric"
          placeholder={datePattern(locale)}
          maxLength={10}
          value={query.dateFrom}
          data-testid="search-dateFrom"
          onChange={(event) => setQuery({ dateFrom: event.target.value })}
        />
      </label>
      <label className="search-field">
        <span>{t('library.search.dateTo')}</span>
        <input
          type="text"
          inputMode="numeric"
          placeholder={datePattern(locale)}
          maxLength={10}
          value={query.dateTo}
          data-testid="search-dateTo"
          onChange={(event) => setQuery({ dateTo: event.target.value })}
        />
      </label>
      <label className="search-field">
        <span>{t('library.search.modality')}</span>
        <select
          value={query.modality}
          data-testid="search-modality"
          onChange={(event) => setQuery({ modality: event.target.value })}
        >
          <option value="">{t('library.search.anyModality')}</option>
          {modalities.map((modality) => (
            <option key={modality} value={modality}>
              {modality}
            </option>
          ))}
        </select>
      </label>
      {text('description', t('library.search.description'))}
      <button
        type="button"
        className="secondary"
        disabled={isEmptyQuery(query)}
        onClick={resetQuery}
        data-testid="search-reset"
      >
        {t('library.search.reset')}
      </button>
    </form>
  );
}
