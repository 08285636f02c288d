import type { Locale, StudySummary } from '../../preload/contract/index.js';
import { primaryName } from '../format/personName.js';
import { dicomDateOfInput } from '../format/dates.js';

/**
 * Search and sort of the study list, in the renderer: the list is already on screen, so a
 * keystroke filters it at once without a round trip.
 *
 * Names are matched against all three Person Name groups (PS3.5 §6.2.1.2: alphabetic,
 * ideographic, phonetic), after folding the ways Japanese text is typed differently:
 * full-width and half-width forms (NFKC: "ＹＡＭＡＤＡ" = "YAMADA", "ﾔﾏﾀﾞ" = "ヤマダ"), katakana
 * and hiragana ("ヤマダ" = "やまだ"), case, and the separators of PN components ("^", "=",
 * spaces), so "yamada taro" finds "Yamada^Tarou".
 */

export interface StudyQuery {
  name: string;
  patientId: string;
  /** YYYY-MM-DD from a date field, or empty. */
  dateFrom: string;
  dateTo: string;
  /** Empty means any modality. */
  modality: string;
  description: string;
}

export const EMPTY_QUERY: StudyQuery = {
  name: '',
  patientId: '',
  dateFrom: '',
  dateTo: '',
  modality: '',
  description: '',
};

export type SortKey =
  | 'patientName'
  | 'patientId'
  | 'birthDate'
  | 'studyDate'
  | 'modality'
  | 'description'
  | 'seriesCount'
  | 'imageCount';
export interface StudySort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

export const DEFAULT_SORT: StudySort = { key: 'studyDate', direction: 'descending' };

const KATAKANA = /[\u30a1-\u30f6]/g;
const SEPARATORS = /[\s^=・･,、.]/gu;

export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(KATAKANA, (kana) => String.fromCharCode(kana.charCodeAt(0) - 0x60))
    .replace(SEPARATORS, '');
}

export function isEmptyQuery(query: StudyQuery): boolean {
  return Object.values(query).every((value) => value.trim() === '');
}

export function matchesStudy(study: StudySummary, query: StudyQuery): boolean {
  const name = foldForSearch(query.name);
  if (name !== '') {
    const { alphabetic, ideographic, phonetic } = study.patientName;
    if (![alphabetic, ideographic, phonetic].some((group) => foldForSearch(group).includes(name)))
      return false;
  }
  const patientId = foldForSearch(query.patientId);
  if (patientId !== '' && !foldForSearch(study.patientId).includes(patientId)) return false;
  const from = dicomDateOfInput(query.dateFrom);
  if (from !== '' && (study.studyDate === '' || study.studyDate < from)) return false;
  const to = dicomDateOfInput(query.dateTo);
  if (to !== '' && (study.studyDate === '' || study.studyDate > to)) return false;
  if (query.modality !== '' && !study.modalities.includes(query.modality)) return false;
  const description = foldForSearch(query.description);
  if (description !== '' && !foldForSearch(study.studyDescription).includes(description))
    return false;
  return true;
}

function sortValue(study: StudySummary, key: SortKey, locale: Locale): string | number {
  switch (key) {
    case 'patientName':
      return primaryName(study.patientName, locale);
    case 'patientId':
      return study.patientId;
    case 'birthDate':
      return study.patientBirthDate;
    case 'studyDate':
      return study.studyDate;
    case 'modality':
      return study.modalities.join(',');
    case 'description':
      return study.studyDescription;
    case 'seriesCount':
      return study.seriesCount;
    case 'imageCount':
      return study.imageCount;
  }
}

/** Filters and sorts; empty values sort last in either direction, so they never hide the data. */
export function queryStudies(
  studies: readonly StudySummary[],
  query: StudyQuery,
  sort: StudySort,
  locale: Locale,
): StudySummary[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const matching = isEmptyQuery(query)
    ? [...studies]
    : studies.filter((study) => matchesStudy(study, query));
  return matching.sort((a, b) => {
    const left = sortValue(a, sort.key, locale);
    const right = sortValue(b, sort.key, locale);
    if (left === '' || right === '') return left === right ? 0 : left === '' ? 1 : -1;
    const order =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : collator.compare(String(left), String(right));
    return sign * order;
  });
}

/** The modalities present in the library, for the modality filter. */
export function modalitiesOf(studies: readonly StudySummary[]): string[] {
  return [...new Set(studies.flatMap((study) => study.modalities))].sort();
}
