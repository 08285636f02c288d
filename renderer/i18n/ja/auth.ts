// Japanese messages for signing in to the platform, and the screen lock.

export const auth = {
  signIn: 'ログイン',
  signOut: 'ログアウト',
  signingIn: 'ブラウザでログインしてください…',
  openPage: 'ログインページを開く',
  cancel: 'キャンセル',
  notSignedIn: '未ログイン',
  loginAt: 'ログイン {{time}}',
  factors: '認証: {{factors}}',
  amr: {
    pwd: 'パスワード',
    otp: 'ワンタイムコード',
    hwk: 'セキュリティキー',
    swk: 'ソフトウェア鍵',
    fpt: '指紋',
    face: '顔認証',
    mfa: '多要素',
    sms: 'SMS',
    pin: 'PIN',
  },
  memoryOnly:
    'OSのキーチェーンが使えないため、ログイン情報はMitateを閉じるまでメモリにのみ保持します(ディスクには保存しません)。',
  memoryOnlyShort: 'キーチェーンなし: メモリのみ',
  offline: 'オフライン',
  offlineHint: 'プラットフォームに接続できません。再接続を試みています。',
  noPlatform: 'AIプラットフォーム未設定',
  lockNow: '画面ロック',
} as const;

export const lock = {
  heading: '画面はロックされています',
  body: '患者情報は表示されていません。続けるには、もう一度ログインしてください。',
  user: '{{name}} さんのセッション',
  unlock: 'ログインしてロックを解除',
  waiting: 'ブラウザでログインしてください…',
} as const;
