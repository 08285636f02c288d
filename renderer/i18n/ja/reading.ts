// 読影室の慣習（ウィンドウプリセット、レイアウト、比較読影、進捗表示）の日本語メッセージ。
export const reading = {
  presets: {
    own: '自分のプリセット',
    save: 'ウィンドウを保存',
    saveTitle: '今のウィンドウ（WL/WW）を名前を付けて保存します',
    name: 'プリセット名',
    confirm: '保存',
    cancel: 'やめる',
    remove: '削除',
    removeTitle: '選んでいる自分のプリセットを削除します',
    saveFailed: 'プリセットを保存できませんでした。設定ファイルに書き込めません。',
  },
  activity: {
    listing: 'ファイルを確認中',
    importing: '読み込み中 {{done}} / {{total}}',
    jobsRunning: 'AI 解析 {{count}} 件 進行中',
    jobsFailed: 'AI 解析 {{count}} 件 失敗',
    resultsArrived: 'AI 結果が届きました',
    show: 'ジョブ一覧を開く',
  },
  report: {
    dismiss: '閉じる',
  },
  compare: {
    heading: '同じ患者の他の検査',
    open: '並べて比較',
    end: '比較を終了',
    current: '今回',
    prior: '比較 {{date}}',
    linkWorld: '位置で連動（同じ基準座標系）',
    linkSliceLocation: 'スライス位置で連動（基準座標系が異なるため、位置合わせした差で）',
    align: 'ここで位置合わせ',
    alignTitle:
      '両方の画面のスライスが同じ部位を示しているときに押すと、以後その位置関係で連動します',
    aligned: '位置合わせ済み',
  },
} as const;
