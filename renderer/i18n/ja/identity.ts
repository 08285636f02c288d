// Probe read-out labels, and whose images are shown (corner text of viewer and review) with a
// deliberate switch to another patient.

export const probeReadout = {
  stored: '格納値',
  pixel: '画素（列, 行, スライス）',
  patient: '患者座標',
} as const;

/** Whose images are shown (corner text of viewer and review) and a deliberate switch to another patient. */
export const identity = {
  birthDate: '生年月日 {{date}}',
  accession: '受付番号 {{number}}',
  switchTitle: '別の患者の結果を開きます',
  switchBody:
    'この結果は、いま表示している患者とは別の患者のものです。開くと画面の患者が切り替わります。',
  switchCurrent: '表示中の患者',
  switchNext: '開く結果の患者',
  switchConfirm: 'この患者に切り替えて開く',
  switchCancel: 'キャンセル',
  switchedBanner: '患者を切り替えました: {{name}}（ID {{id}}）',
  dismiss: '閉じる',
} as const;
