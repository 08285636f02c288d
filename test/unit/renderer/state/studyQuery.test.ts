import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../../../../preload/contract/index.js';
import {
  EMPTY_QUERY,
  foldForSearch,
  queryStudies,
  type StudyQuery,
} from '../../../../renderer/state/studyQuery.js';

function study(
  id: string,
  fields: Partial<StudySummary> & { name?: [string, string, string] },
): StudySummary {
  const [alphabetic, ideographic, phonetic] = fields.name ?? ['', '', ''];
  return {
    id,
    patientName: { alphabetic, ideographic, phonetic },
    patientId: fields.patientId ?? '',
    patientBirthDate: fields.patientBirthDate ?? '',
    studyDate: fields.studyDate ?? '',
    studyDescription: fields.studyDescription ?? '',
    modalities: fields.modalities ?? [],
    seriesCount: fields.seriesCount ?? 1,
    imageCount: fields.imageCount ?? 1,
  };
}

// The PS3.5 Annex H name, once with a half-width katakana reading (IR 13) and once with hiragana.
const STUDIES = [
  study('yamada', {
    name: ['Yamada^Tarou', '山田^太郎', 'やまだ^たろう'],
    patientId: 'P-0001',
    studyDate: '20260401',
    modalities: ['MR'],
    studyDescription: '頭部 MRA',
    imageCount: 96,
  }),
  study('yamada-ir13', {
    name: ['ﾔﾏﾀﾞ^ﾀﾛｳ', '山田^太郎', 'やまだ^たろう'],
    patientId: 'P-0002',
    studyDate: '20250110',
    modalities: ['CT'],
    studyDescription: 'Head CT',
    imageCount: 30,
  }),
  study('doe', {
    name: ['Doe^Archibald', '', ''],
    patientId: '77654033',
    studyDate: '20010101',
    modalities: ['CR', 'CT'],
    studyDescription: 'XR C Spine',
    imageCount: 4,
  }),
  study('undated', {
    name: ['Anonymous', '', ''],
    patientId: 'ZZ',
    modalities: ['US'],
    imageCount: 2,
  }),
];

const search = (query: Partial<StudyQuery>): string[] =>
  queryStudies(
    STUDIES,
    { ...EMPTY_QUERY, ...query },
    { key: 'studyDate', direction: 'descending' },
    'ja',
  ).map((s) => s.id);

describe('study search', () => {
  it('folds width, kana and case the way Japanese names are typed', () => {
    expect(foldForSearch('ﾔﾏﾀﾞ')).toBe('やまだ');
    expect(foldForSearch('ヤマダ')).toBe('やまだ');
    expect(foldForSearch('ＹＡＭＡＤＡ^Ｔａｒｏｕ')).toBe('yamadatarou');
    expect(foldForSearch('山田 太郎')).toBe('山田太郎');
  });

  it('finds a patient by kanji, hiragana, katakana (full or half width) and Latin, across all three name groups', () => {
    expect(search({ name: '山田' })).toEqual(['yamada', 'yamada-ir13']);
    expect(search({ name: '山田太郎' })).toEqual(['yamada', 'yamada-ir13']);
    expect(search({ name: 'やまだ' })).toEqual(['yamada', 'yamada-ir13']);
    expect(search({ name: 'ヤマダ タロウ' })).toEqual(['yamada', 'yamada-ir13']);
    expect(search({ name: 'ﾀﾛｳ' })).toEqual(['yamada', 'yamada-ir13']);
    expect(search({ name: 'yamada tarou' })).toEqual(['yamada']);
    expect(search({ name: 'ＤＯＥ' })).toEqual(['doe']);
    expect(search({ name: 'suzuki' })).toEqual([]);
  });

  it('filters by patient ID, study date range (inclusive), modality and description', () => {
    expect(search({ patientId: '7765' })).toEqual(['doe']);
    expect(search({ dateFrom: '2025-01-10' })).toEqual(['yamada', 'yamada-ir13']);
    expect(search({ dateFrom: '2001-01-01', dateTo: '2025-01-10' })).toEqual([
      'yamada-ir13',
      'doe',
    ]);
    expect(search({ modality: 'CT' })).toEqual(['yamada-ir13', 'doe']);
    expect(search({ description: 'mra' })).toEqual(['yamada']);
    expect(search({ modality: 'CT', name: 'doe' })).toEqual(['doe']);
  });

  it('sorts by any column either way, keeping studies without a value last', () => {
    const sorted = (
      key: 'studyDate' | 'imageCount' | 'patientId',
      direction: 'ascending' | 'descending',
    ) => queryStudies(STUDIES, EMPTY_QUERY, { key, direction }, 'en').map((s) => s.id);
    expect(sorted('studyDate', 'descending')).toEqual(['yamada', 'yamada-ir13', 'doe', 'undated']);
    expect(sorted('studyDate', 'ascending')).toEqual(['doe', 'yamada-ir13', 'yamada', 'undated']);
    expect(sorted('imageCount', 'descending')).toEqual(['yamada', 'yamada-ir13', 'doe', 'undated']);
    expect(sorted('patientId', 'ascending')).toEqual(['doe', 'yamada', 'yamada-ir13', 'undated']);
  });
});
