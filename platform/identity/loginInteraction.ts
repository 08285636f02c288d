import type { ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import QRCode from 'qrcode';
import { z } from 'zod';
import { HttpError, readForm, type Exchange, type Route } from '../server/httpExchange.js';
import type { Account, AccountStore, FactorCheck } from './accountStore.js';
import { enrolmentPage, messagePage, passwordPage, totpPage } from './interactionPages.js';
import { pickLanguage, type Language, type TextKey } from './interactionText.js';
import { ACR_MFA, API_SCOPES } from './openIdProvider.js';
import { newTotpSecret, totpUri } from './totpFactor.js';

/**
 * The login interaction of oidc-provider: password first, then a second factor (TOTP, with
 * enrolment by QR code when the account has none yet). Only when both factors pass does the
 * interaction finish, with `amr` = ["pwd", "otp"] (RFC 8176 §2) and the MFA `acr`.
 *
 * The first-party desktop app is granted the scopes it asked for at login (no consent screen):
 * the grant is created here, as oidc-provider's documentation shows for first-party clients.
 */
const FORM_LIMIT = 4096;
const passwordForm = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });
const codeForm = z.object({ code: z.string().max(16) });
const OIDC_SCOPES = ['openid', 'profile', 'offline_access'];

interface LoginProgress {
  accountId: string;
  expires: number;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No form-action: Chromium applies it to the redirect chain back to the app's loopback URI.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

export function loginInteractionRoute(provider: Provider, accounts: AccountStore, resource: string): Route {
  /** Interactions whose password step has passed, by interaction uid (they expire with it). */
  const progress = new Map<string, LoginProgress>();

  const accountOf = (uid: string): Account | undefined => {
    const entry = progress.get(uid);
    if (entry === undefined || entry.expires < Date.now()) return undefined;
    return accounts.byId(entry.accountId);
  };

  async function secondFactorPage(res: ServerResponse, lang: Language, uid: string, account: Account, error?: TextKey): Promise<void> {
    if (account.totp?.confirmed) {
      sendPage(res, error === undefined ? 200 : 401, totpPage(lang, uid, error));
      return;
    }
    if (account.totp === undefined) await accounts.beginTotpEnrolment(account, newTotpSecret());
    const secret = account.totp!.secret;
    const qr = await QRCode.toDataURL(totpUri(secret, account.username), { margin: 1, width: 200 });
    sendPage(res, error === undefined ? 200 : 401, enrolmentPage(lang, uid, qr, secret, error));
  }

  async function finish(exchange: Exchange, details: InteractionDetails, account: Account): Promise<void> {
    progress.delete(details.uid);
    const grant = new provider.Grant({ accountId: account.id, clientId: String(details.params.client_id) });
    const requested = String(details.params.scope ?? 'openid').split(' ');
    grant.addOIDCScope(OIDC_SCOPES.filter((scope) => requested.includes(scope)).join(' '));
    grant.addResourceScope(resource, API_SCOPES);
    const grantId = await grant.save();
    const location = await provider.interactionResult(exchange.req, exchange.res, {
      login: { accountId: account.id, amr: ['pwd', 'otp'], acr: ACR_MFA },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
    exchange.res.writeHead(303, { location, 'cache-control': 'no-store' });
    exchange.res.end();
  }

  function outcome(res: ServerResponse, lang: Language, uid: string, check: FactorCheck): TextKey | undefined {
    if (check === 'locked') {
      progress.delete(uid);
      sendPage(res, 423, messagePage(lang, uid, 'locked'));
      return undefined;
    }
    return check === 'wrong' ? 'wrongCode' : undefined;
  }

  return async (exchange) => {
    const match = /^\/interaction\/([\w-]{1,64})(?:\/(password|totp|enrol))?$/.exec(exchange.url.pathname);
    if (match === null) return false;
    const { req, res, url } = exchange;
    const uid = match[1]!;
    const step = match[2];
    const form = req.method === 'POST' ? await readForm(req, FORM_LIMIT) : undefined;
    const lang = pickLanguage(form?.get('lang') ?? url.searchParams.get('lang'), req.headers['accept-language']);

    let details: InteractionDetails;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      sendPage(res, 400, messagePage(lang, uid, 'expired'));
      return true;
    }
    if (details.uid !== uid) throw new HttpError(400, 'interaction_mismatch');

    // A session that already holds both factors only lacks this client's grant.
    if (details.prompt.name === 'consent' && details.session?.accountId !== undefined) {
      const account = accounts.byId(details.session.accountId);
      if (account !== undefined) {
        await finish(exchange, details, account);
        return true;
      }
    }

    if (step === undefined && req.method === 'GET') {
      const account = accountOf(uid);
      if (account === undefined) sendPage(res, 200, passwordPage(lang, uid));
      else await secondFactorPage(res, lang, uid, account);
      return true;
    }
    if (form === undefined) throw new HttpError(405, 'method_not_allowed');

    if (step === 'password') {
      const parsed = passwordForm.safeParse(Object.fromEntries(form));
      if (!parsed.success) {
        sendPage(res, 400, passwordPage(lang, uid, 'wrongPassword'));
        return true;
      }
      const { result, account } = await accounts.checkPassword(parsed.data.username, parsed.data.password);
      if (result === 'locked') sendPage(res, 423, messagePage(lang, uid, 'locked'));
      else if (result === 'wrong' || account === undefined) sendPage(res, 401, passwordPage(lang, uid, 'wrongPassword'));
      else {
        progress.set(uid, { accountId: account.id, expires: Date.now() + 10 * 60_000 });
        res.writeHead(303, { location: `/interaction/${uid}?lang=${lang}`, 'cache-control': 'no-store' });
        res.end();
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
    const check = step === 'enrol' ? await accounts.confirmTotpEnrolment(account, value) : await accounts.checkTotp(account, value);
    if (check === 'ok') {
      await finish(exchange, details, account);
      return true;
    }
    const error = outcome(res, lang, uid, check);
    if (error !== undefined) await secondFactorPage(res, lang, uid, account, error);
    return true;
  };
}
