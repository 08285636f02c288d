/**
 * Words of the login pages, Japanese first (the default) and English. Kept beside the pages
 * because the platform is a separate server with its own small UI, not part of the app's i18n.
 */
export type Language = 'ja' | 'en';

const ja = {
  title: 'Mitate 参照プラットフォーム',
  signInHeading: 'ログイン',
  username: 'ユーザー名',
  password: 'パスワード',
  next: '次へ',
  totpHeading: '確認コード',
  totpPrompt: '認証アプリに表示されている 6 桁のコードを入力してください。',
  code: 'コード',
  verify: '確認',
  enrolHeading: '二要素認証の登録',
  enrolPrompt: '認証アプリでこの QR コードを読み取り、表示された 6 桁のコードを入力してください。',
  enrolSecret: 'QR コードを読み取れない場合は、このキーを入力してください',
  passkey: 'パスキーでログイン',
  passkeyRegister: 'パスキーを登録して続ける',
  passkeyHeading: 'パスキー',
  passkeyFailed: 'パスキーを確認できませんでした。もう一度お試しください。',
  wrongPassword: 'ユーザー名またはパスワードが正しくありません。',
  wrongCode: 'コードが正しくないか、既に使用されています。',
  locked:
    '失敗が続いたため、このアカウントはしばらくロックされています。後でもう一度お試しください。',
  lockedRetry:
    '失敗が続いたため、このアカウントはロックされています。{minutes} 分後にもう一度お試しください。',
  expired: 'ログインの有効期限が切れました。アプリからもう一度ログインしてください。',
  otherLanguage: 'English',
} as const;

const en: Record<keyof typeof ja, string> = {
  title: 'Mitate reference platform',
  signInHeading: 'Sign in',
  username: 'User name',
  password: 'Password',
  next: 'Next',
  totpHeading: 'Verification code',
  totpPrompt: 'Enter the 6-digit code shown in your authenticator app.',
  code: 'Code',
  verify: 'Verify',
  enrolHeading: 'Set up two-factor authentication',
  enrolPrompt:
    'Scan this QR code with your authenticator app, then enter the 6-digit code it shows.',
  enrolSecret: 'If you cannot scan the code, enter this key',
  passkey: 'Sign in with a passkey',
  passkeyRegister: 'Register a passkey instead',
  passkeyHeading: 'Passkey',
  passkeyFailed: 'The passkey could not be verified. Please try again.',
  wrongPassword: 'The user name or password is not correct.',
  wrongCode: 'The code is not correct or has already been used.',
  locked: 'After repeated failures this account is locked for a while. Please try again later.',
  lockedRetry: 'After repeated failures this account is locked. Please try again in {minutes} min.',
  expired: 'This sign-in has expired. Please sign in again from the app.',
  otherLanguage: '日本語',
};

export type TextKey = keyof typeof ja;
export const interactionText: Record<Language, Record<TextKey, string>> = { ja, en };

/**
 * The page language: an explicit `lang` choice on the page, else the app's `ui_locales` from the
 * authorization request (OIDC Core §3.1.2.1: space-separated BCP 47 tags, most preferred first),
 * else English only if the browser asks for it first.
 */
export function pickLanguage(
  explicit: string | null | undefined,
  acceptLanguage: string | undefined,
  uiLocales?: unknown,
): Language {
  if (explicit === 'ja' || explicit === 'en') return explicit;
  if (typeof uiLocales === 'string') {
    for (const tag of uiLocales.trim().split(/\s+/)) {
      const primary = tag.toLowerCase().split('-')[0];
      if (primary === 'ja' || primary === 'en') return primary;
    }
  }
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'ja';
}
