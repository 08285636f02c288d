/**
 * The text of the burned-in text test set: what devices and screenshots print (names in kanji,
 * kana and Latin, IDs, dates and times in Japanese and Western forms, institutions, settings).
 * All invented. The strips in test/data/burned-in-text/ are these, in this order.
 */
export const STRIP_FONT_PX = 64;

export const TEXT_LINES: readonly string[] = [
  '山田 太郎',
  'ヤマダ タロウ',
  '佐藤 花子 様',
  '患者ID: 00079241539',
  '2024/03/15 14:22:07',
  '令和6年3月15日',
  'DOE^JOHN',
  'ZZZ TEST PATIENT',
  'DOB: 08/29/1951 M',
  'ID 120907058',
  '東京中央病院 放射線科',
  'St. Mary Hospital',
  '5:24:57 PM 4/14/2020',
  '生年月日 昭和26年8月29日',
  'Acc# A2024-0315-77',
  'Sag Liver L-M',
];
