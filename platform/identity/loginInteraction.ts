import type { ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  HttpError,
  readBody,
  readForm,
  sendJson,
  type Exchange,
  type Route,
} from '../http/index.js';
import type { Account, AccountStore, FactorCheck } from './accountStore.js';
import {
  enrolmentPage,
  lockedPage,
  messagePage,
  passkeyPage,
  passwordPage,
  totpPage,
} from './interactionPages.js';
import { pickLanguage, type Language, type TextKey } from './interactionText.js';
import { retryAfterSeconds } from './lockout.js';
import { ACR_MFA, ACR_PHISHING_RESISTANT, API_SCOPES } from './openIdProvider.js';
import {
  authenticationOptions,
  PASSKEY_SCRIPT,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
  type RelyingParty,
} from './passkeyFactor.js';
import { newTotpSecret, totpUri } from './totpFactor.js';

/**
 * The login interaction of oidc-provider: password first, then a second factor: TOTP (with
 * enrolment by QR code when the account has no second factor yet) or a WebAuthn passkey
 * (registered the same way, when the platform is reached by a host name). Only when both
 * factors pass does the interaction finish, with `amr` ["pwd", "otp"] or ["pwd", "hwk"]
 * (RFC 8176 §2) and the matching `acr`.
 *
 * The first-party desktop app is granted the scopes it asked for at login (no consent screen):
 * the grant is created here, as oidc-provider's documentation shows for first-party clients.
 */
const FORM_LIMIT = 4096;
const passwordForm = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});
const codeForm = z.object({ code: z.string().max(16) });
const OIDC_SCOPES = ['openid', 'profile', 'offline_access'];

interface LoginProgress {
  accountId: string;
  expires: number;
  /** The WebAuthn challenge handed out for this interaction, and for which ceremony. */
  passkey?: { challenge: string; ceremony: 'register' | 'authenticate' };
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No form-action: Chromium applies it to the redirect chain back to the app's loopback URI.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

/** 423 with when to come back: the page in its language, and Retry-After (RFC 9110 §10.2.3). */
function sendLocked(res: ServerResponse, lang: Language, uid: string, account: Account): void {
  const seconds = retryAfterSeconds(account);
  res.writeHead(423, { ...PAGE_HEADERS, 'retry-after': String(seconds) });
  res.end(lockedPage(lang, uid, seconds));
}

export function loginInteractionRoute(
  provider: Provider,
  accounts: AccountStore,
  resource: string,
  relyingParty?: RelyingParty,
): Route {
  /** Interactions whose password step has passed, by interaction uid (they expire with it). */
  const progress = new Map<string, LoginProgress>();

  const accountOf = (uid: string): Account | undefined => {
    const now = Date.now();
    for (const [key, entry] of progress) if (entry.expires < now) progress.delete(key);
    const entry = progress.get(uid);
    if (entry === undefined || entry.expires < Date.now()) return undefined;
    return accounts.byId(entry.accountId);
  };

  async function secondFactorPage(
    res: ServerResponse,
    lang: Language,
    uid: string,
    account: Account,
    error?: TextKey,
  ): Promise<void> {
    const status = error === undefined ? 200 : 401;
    const hasPasskey = relyingParty !== undefined && account.webauthn.length > 0;
    if (account.totp?.confirmed) {
      sendPage(res, status, totpPage(lang, uid, error, hasPasskey ? 'passkey' : undefined));
      return;
    }
    if (account.webauthn.length > 0) {
      sendPage(res, status, passkeyPage(lang, uid, error));
      return;
    }
    if (account.totp === undefined) await accounts.beginTotpEnrolment(account, newTotpSecret());
    const secret = account.totp!.secret;
    const qr = await QRCode.toDataURL(totpUri(secret, account.username), { margin: 1, width: 200 });
    sendPage(
      res,
      status,
      enrolmentPage(
        lang,
        uid,
        qr,
        secret,
        error,
        relyingParty === undefined ? undefined : 'passkeyRegister',
      ),
    );
  }

  /** Ends the interaction with both factors; returns where the browser goes next. */
  async function finish(
    exchange: Exchange,
    details: InteractionDetails,
    account: Account,
    factor: 'otp' | 'hwk' | 'session',
  ): Promise<string> {
    progress.delete(details.uid);
    // Only a full login forgives earlier failures (lockout.ts).
    if (factor !== 'session') await accounts.completeLogin(account);
    const grant = new provider.Grant({
      accountId: account.id,
      clientId: String(details.params.client_id),
    });
    const requested = String(details.params.scope ?? 'openid').split(' ');
    grant.addOIDCScope(OIDC_SCOPES.filter((scope) => requested.includes(scope)).join(' '));
    grant.addResourceScope(resource, API_SCOPES);
    const grantId = await grant.save();
    // A session that already holds both factors keeps its own amr; only the grant is added.
    // remember: false makes the browser session cookie transient: on a shared clinic workstation
    // the next doctor's login does not silently reuse the previous one once the browser closes.
    const login =
      factor === 'session'
        ? undefined
        : {
            accountId: account.id,
            amr: ['pwd', factor],
            acr: factor === 'hwk' ? ACR_PHISHING_RESISTANT : ACR_MFA,
            remember: false,
          };
    return provider.interactionResult(
      exchange.req,
      exchange.res,
      { ...(login === undefined ? {} : { login }), consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  function redirect(res: ServerResponse, location: string): void {
    res.writeHead(303, { location, 'cache-control': 'no-store' });
    res.end();
  }

  /** The passkey steps: JSON in, JSON out, for the page's script. */
  async function passkeyStep(
    exchange: Exchange,
    details: InteractionDetails,
    step: string,
  ): Promise<void> {
    const { res } = exchange;
    const entry = progress.get(details.uid);
    const account = accountOf(details.uid);
    if (relyingParty === undefined || entry === undefined || account === undefined)
      throw new HttpError(403, 'passkey_not_available');
    if (accounts.isLocked(account))
      throw new HttpError(423, 'locked', { 'retry-after': String(retryAfterSeconds(account)) });
    // Registering is for an account without any second factor, as TOTP enrolment is.
    const ceremony =
      account.webauthn.length > 0
        ? 'authenticate'
        : account.totp?.confirmed
          ? undefined
          : 'register';
    if (ceremony === undefined) throw new HttpError(403, 'passkey_not_available');
    if (step === 'passkey/options') {
      const publicKey =
        ceremony === 'register'
          ? await registrationOptions(relyingParty, account)
          : await authenticationOptions(relyingParty, account);
      entry.passkey = { challenge: publicKey.challenge, ceremony };
      sendJson(res, 200, { mode: ceremony, publicKey });
      return;
    }
    const challenge = entry.passkey?.ceremony === ceremony ? entry.passkey.challenge : undefined;
    entry.passkey = undefined;
    let body: unknown;
    try {
      body = JSON.parse((await readBody(exchange.req, 64 * 1024)).toString('utf8'));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      body = undefined;
    }
    let check: FactorCheck;
    if (challenge === undefined) {
      check = await accounts.recordWebAuthn(account, false);
    } else if (ceremony === 'register') {
      const credential = await verifyRegistration(relyingParty, body, challenge);
      if (credential !== undefined) await accounts.addWebAuthnCredential(account, credential);
      check = await accounts.recordWebAuthn(account, credential !== undefined);
    } else {
      const verified = await verifyAuthentication(relyingParty, account, body, challenge);
      check = await accounts.recordWebAuthn(
        account,
        verified !== undefined,
        verified?.id,
        verified?.counter,
      );
    }
    if (check === 'ok')
      sendJson(res, 200, { location: await finish(exchange, details, account, 'hwk') });
    else if (check === 'locked')
      sendJson(
        res,
        423,
        { error: check, retryAfter: retryAfterSeconds(account) },
        { 'retry-after': String(retryAfterSeconds(account)) },
      );
    else sendJson(res, 401, { error: check });
  }

  function outcome(
    res: ServerResponse,
    lang: Language,
    uid: string,
    account: Account,
    check: FactorCheck,
  ): TextKey | undefined {
    if (check === 'locked') {
      progress.delete(uid);
      sendLocked(res, lang, uid, account);
      return undefined;
    }
    return check === 'wrong' ? 'wrongCode' : undefined;
  }

  return async (exchange) => {
    if (exchange.url.pathname === '/interaction/passkey.js' && exchange.req.method === 'GET') {
      exchange.res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-cache',
      });
      exchange.res.end(PASSKEY_SCRIPT);
      return true;
    }
    const match =
      /^\/interaction\/([\w-]{1,64})(?:\/(password|totp|enrol|passkey\/options|passkey\/verify))?$/.exec(
        exchange.url.pathname,
      );
    if (match === null) return false;
    const { req, res, url } = exchange;
    const uid = match[1]!;
    const step = match[2];
    const isPasskey = step?.startsWith('passkey/') === true;
    const form = req.method === 'POST' && !isPasskey ? await readForm(req, FORM_LIMIT) : undefined;
    const explicit = form?.get('lang') ?? url.searchParams.get('lang');
    const acceptLanguage = req.headers['accept-language'];

    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      sendPage(res, 400, messagePage(pickLanguage(explicit, acceptLanguage), uid, 'expired'));
      return true;
    }
    // The app names its language in the authorization request (`ui_locales`); a choice made on
    // the page itself wins over it.
    const lang = pickLanguage(explicit, acceptLanguage, details.params['ui_locales']);
    if (details.uid !== uid) throw new HttpError(400, 'interaction_mismatch');

    // A session that already holds both factors only lacks this client's grant.
    if (details.prompt.name === 'consent' && details.session?.accountId !== undefined) {
      const account = accounts.byId(details.session.accountId);
      if (account !== undefined) {
        redirect(res, await finish(exchange, details, account, 'session'));
        return true;
      }
    }

    if (step === undefined && req.method === 'GET') {
      const account = accountOf(uid);
      if (account === undefined) sendPage(res, 200, passwordPage(lang, uid));
      else if (accounts.isLocked(account)) sendLocked(res, lang, uid, account);
      else await secondFactorPage(res, lang, uid, account);
      return true;
    }
    if (isPasskey && req.method === 'POST') {
      await passkeyStep(exchange, details, step!);
      return true;
    }
    if (form === undefined) throw new HttpError(405, 'method_not_allowed');

    if (step === 'password') {
      const parsed = passwordForm.safeParse(Object.fromEntries(form));
      if (!parsed.success) {
        sendPage(res, 400, passwordPage(lang, uid, 'wrongPassword'));
        return true;
      }
      const { result, account } = await accounts.checkPassword(
        parsed.data.username,
        parsed.data.password,
      );
      if (result === 'locked' && account !== undefined) sendLocked(res, lang, uid, account);
      else if (result === 'wrong' || account === undefined)
        sendPage(res, 401, passwordPage(lang, uid, 'wrongPassword'));
      else {
        progress.set(uid, { accountId: account.id, expires: Date.now() + 10 * 60_000 });
        redirect(res, `/interaction/${uid}?lang=${lang}`);
      }
      return true;
    }

    const account = accountOf(uid);
    if (account === undefined) {
      sendPage(res, 401, passwordPage(lang, uid));
      return true;
    }
    const code = codeForm.safeParse(Object.fromEntries(form));
    const value = code.success ? code.data.code.trim() : '';
    const check =
      step === 'enrol'
        ? await accounts.confirmTotpEnrolment(account, value)
        : await accounts.checkTotp(account, value);
    if (check === 'ok') {
      redirect(res, await finish(exchange, details, account, 'otp'));
      return true;
    }
    const error = outcome(res, lang, uid, account, check);
    if (error !== undefined) await secondFactorPage(res, lang, uid, account, error);
    return true;
  };
}
