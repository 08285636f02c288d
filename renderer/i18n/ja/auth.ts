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
    'OS のキーチェーンが使えないため、ログイン情報は Mitate を閉じるまでメモリにのみ保持します（ディスクには保存しません）。',
  memoryOnlyShort: 'キーチェーンなし: メモリのみ',
  offline: 'オフライン',
  offlineHint: 'プラットフォームに接続できません。再接続を試みています。',
  noPlatform: 'AI プラットフォーム未設定',
  lockNow: '画面ロック',
} as const;

export const lock = {
  heading: '画面はロックされています',
  body: 'ロックを解除するまで、患者情報は表示されません。',
  user: '{{name}} さんのセッション',
  unlock: 'ログインしてロックを解除',
  waiting: 'ブラウザでログインしてください…',
  pinLabel: 'ロック解除用 PIN',
  pinUnlock: 'ロックを解除',
  pinFirst:
    'この端末にはロック解除用の PIN が設定されていません。PIN（6 文字以上）を決めて、ロックを解除してください:',
  pinSetAndUnlock: 'PIN を設定して解除',
  pinWait: '誤った PIN が続いたため、{{time}} まで入力できません。',
  pinSet: 'ロック解除用 PIN を設定',
  pinChange: 'ロック解除用 PIN を変更',
  pinHint: 'この端末で、再ログインせずに画面ロックを解除するための PIN です。',
  pinMissingHint:
    'ロック解除用 PIN が未設定です。一定時間操作がないと画面はロックされます。PIN を設定すると、あなただけが解除できます。',
  pinExplain:
    '一定時間操作がないと、ログインの有無にかかわらず画面をロックします。この PIN で、この端末のロックを解除できます。PIN は復元できない形（ハッシュ）でのみ保存します。',
  pinCurrent: '現在の PIN',
  pinNew: '新しい PIN（{{count}} 文字以上）',
  pinAgain: '新しい PIN（確認）',
  pinMismatch: '2 つの PIN が一致しません。',
  pinSave: 'PIN を保存',
  pinSaved: 'PIN を保存しました',
} as const;
