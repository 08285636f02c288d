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
} as const;
