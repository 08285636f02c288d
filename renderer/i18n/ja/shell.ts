// Japanese messages for the app around the screens: its name, the settings menu and what managed policy fixes.

export const app = {
  title: 'Mitate 見立て',
  tagline: 'DICOM ビューア',
} as const;

export const settings = {
  language: '表示言語',
  languages: { ja: '日本語', en: 'English' },
} as const;

export const managed = {
  locked: '管理者が設定',
  lockedHint: 'この設定は医療機関の管理者のポリシーで固定されています。',
  badge: '管理者の設定',
  platformUrl: 'AI プラットフォーム: {{url}}',
  idleLock: '{{minutes}} 分操作がないと画面をロック',
  updateModes: {
    default: '更新: 自動（終了時にインストール）',
    start: '更新: 起動時のみ',
    manual: '更新: 手動',
    none: '更新: IT 部門が配布',
  },
  otherLocked: 'ほかに {{count}} 件の設定を管理者が固定しています',
} as const;
