import { interactionText, type Language, type TextKey } from './interactionText.js';

/** Server-rendered login pages: plain forms, no script, so they work in any system browser. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(lang: Language, uid: string, body: string): string {
  const t = interactionText[lang];
  const other: Language = lang === 'ja' ? 'en' : 'ja';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(t.title)}</title>
<style>body{font-family:"Noto Sans CJK JP",system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1d2733}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1.2rem;font-size:1rem}.error{color:#a8071a}code{word-break:break-all}</style></head>
<body><p><a href="/interaction/${escapeHtml(uid)}?lang=${other}">${escapeHtml(t.otherLanguage)}</a></p>
<h1>${escapeHtml(t.title)}</h1>${body}</body></html>`;
}

/** The passkey button (and the script behind it) when the platform can offer WebAuthn here. */
function passkeyBlock(lang: Language, uid: string, label: TextKey | undefined): string {
  if (label === undefined) return '';
  const t = interactionText[lang];
  return `<p><button type="button" data-passkey="/interaction/${escapeHtml(uid)}/passkey">${escapeHtml(t[label])}</button></p>
<p class="error" id="passkey-status" role="alert" hidden>${escapeHtml(t.passkeyFailed)}</p>
<script src="/interaction/passkey.js" defer></script>`;
}

function errorLine(lang: Language, error: TextKey | undefined): string {
  return error === undefined
    ? ''
    : `<p class="error" role="alert" data-error="${error}">${escapeHtml(interactionText[lang][error])}</p>`;
}

export function passwordPage(lang: Language, uid: string, error?: TextKey): string {
  const t = interactionText[lang];
  return page(
    lang,
    uid,
    `<h2>${escapeHtml(t.signInHeading)}</h2>${errorLine(lang, error)}
<form method="post" action="/interaction/${escapeHtml(uid)}/password" data-step="password">
<input type="hidden" name="lang" value="${lang}">
<label for="username">${escapeHtml(t.username)}</label><input id="username" name="username" autocomplete="username" required>
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${escapeHtml(t.next)}</button></form>`,
  );
}

export function totpPage(
  lang: Language,
  uid: string,
  error?: TextKey,
  passkey?: 'passkey',
): string {
  const t = interactionText[lang];
  return page(
    lang,
    uid,
    `<h2>${escapeHtml(t.totpHeading)}</h2><p>${escapeHtml(t.totpPrompt)}</p>${errorLine(lang, error)}
<form method="post" action="/interaction/${escapeHtml(uid)}/totp" data-step="totp">
<input type="hidden" name="lang" value="${lang}">
<label for="code">${escapeHtml(t.code)}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required>
<button type="submit">${escapeHtml(t.verify)}</button></form>${passkeyBlock(lang, uid, passkey)}`,
  );
}

/** For accounts whose only second factor is a passkey. */
export function passkeyPage(lang: Language, uid: string, error?: TextKey): string {
  const t = interactionText[lang];
  return page(
    lang,
    uid,
    `<h2>${escapeHtml(t.passkeyHeading)}</h2>${errorLine(lang, error)}${passkeyBlock(lang, uid, 'passkey')}`,
  );
}

export function enrolmentPage(
  lang: Language,
  uid: string,
  qrDataUrl: string,
  secret: string,
  error?: TextKey,
  passkey?: 'passkeyRegister',
): string {
  const t = interactionText[lang];
  return page(
    lang,
    uid,
    `<h2>${escapeHtml(t.enrolHeading)}</h2><p>${escapeHtml(t.enrolPrompt)}</p>${errorLine(lang, error)}
<img alt="QR" src="${escapeHtml(qrDataUrl)}" width="200" height="200">
<p>${escapeHtml(t.enrolSecret)}: <code data-totp-secret>${escapeHtml(secret)}</code></p>
<form method="post" action="/interaction/${escapeHtml(uid)}/enrol" data-step="enrol">
<input type="hidden" name="lang" value="${lang}">
<label for="code">${escapeHtml(t.code)}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required>
<button type="submit">${escapeHtml(t.verify)}</button></form>${passkeyBlock(lang, uid, passkey)}`,
  );
}

export function messagePage(lang: Language, uid: string, message: TextKey): string {
  return page(lang, uid, errorLine(lang, message));
}

/** The lockout page: says when to try again, in whole minutes rounded up, in the page's language. */
export function lockedPage(lang: Language, uid: string, retryAfterSeconds: number): string {
  const minutes = String(Math.max(1, Math.ceil(retryAfterSeconds / 60)));
  const text = interactionText[lang].lockedRetry.replace('{minutes}', minutes);
  return page(
    lang,
    uid,
    `<p class="error" role="alert" data-error="locked" data-retry-after="${retryAfterSeconds}">${escapeHtml(text)}</p>`,
  );
}
