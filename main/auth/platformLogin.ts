/**
 * The OpenID Connect pieces of a native app's login (RFC 8252) with panva's openid-client:
 * discovery, the authorization request with PKCE S256 (RFC 7636 §4.2), `state` and `nonce`, the
 * code exchange, and the ID token checks (OIDC Core §3.1.3.7: issuer, audience, expiry, nonce,
 * `auth_time` against `max_age`, and its signature against the provider's published keys).
 */
import * as client from 'openid-client';
import { HandlerError } from '../errors/index.js';
import { boundedFetch, RESPONSE_LIMITS } from '../net/index.js';
import { isPackagedApp, platformUrlProblem } from './platformUrlPolicy.js';

const readLogin = boundedFetch(RESPONSE_LIMITS.login, 'login');

export const DESKTOP_CLIENT_ID = 'mitate-desktop';
/** OIDC scopes plus the platform API's scopes (its resource server grants them). */
export const LOGIN_SCOPE = 'openid profile offline_access dicomweb catalog';

/** Refuses an address the URL policy does not allow (platformUrlPolicy.ts), with its error code. */
function checkPlatformUrl(url: string, packaged: boolean): void {
  const problem = platformUrlProblem(url, packaged);
  if (problem !== undefined) throw new HandlerError(problem);
}

/**
 * Discovery (OIDC Discovery §4). Plain http is allowed only for a platform on this machine's
 * loopback (the embedded reference platform), or anywhere in a development build; anything else
 * must be https (platformUrlPolicy.ts).
 */
export async function discoverPlatform(
  platformUrl: string,
  packaged = isPackagedApp(),
): Promise<client.Configuration> {
  checkPlatformUrl(platformUrl, packaged);
  const issuer = new URL(platformUrl);
  const execute = [client.enableNonRepudiationChecks];
  if (issuer.protocol === 'http:') execute.push(client.allowInsecureRequests);
  // Every answer of the provider (discovery, keys, tokens, revocation) is read within a limit:
  // the configuration keeps this fetch for all later requests.
  return client.discovery(issuer, DESKTOP_CLIENT_ID, undefined, client.None(), {
    execute,
    timeout: 15,
    [client.customFetch]: (url, options) => readLogin(url, options as RequestInit),
  });
}

export interface PendingLogin {
  url: URL;
  redirectUri: string;
  verifier: string;
  state: string;
  nonce: string;
  /** Set for the fresh login that unlocks the screen. */
  maxAge?: number;
}

/**
 * Every sign-in sends `prompt=login` (OIDC Core §3.1.2.1): on a shared clinic workstation the
 * system browser may still hold the previous doctor's session at the provider, and the next
 * person must never be signed in as them without typing anything. `fresh` (the screen-lock
 * unlock) adds `max_age=0`, and the ID token's `auth_time` is then checked to be from now.
 * `uiLocale` (the app's language) asks for the login pages in it.
 */
export async function beginAuthorization(
  config: client.Configuration,
  redirectUri: string,
  fresh: boolean,
  packaged = isPackagedApp(),
  uiLocale?: string,
): Promise<PendingLogin> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    scope: LOGIN_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: 'login',
  };
  if (fresh) parameters['max_age'] = '0';
  // The login pages in the app's language (OIDC Core §3.1.2.1 `ui_locales`).
  if (uiLocale !== undefined) parameters['ui_locales'] = uiLocale;
  const url = client.buildAuthorizationUrl(config, parameters);
  // The login page opens where discovery says; an https issuer may not send the password to http.
  checkPlatformUrl(url.href, packaged);
  return { url, redirectUri, verifier, state, nonce, ...(fresh ? { maxAge: 0 } : {}) };
}

export type TokenResponse = Awaited<ReturnType<typeof client.authorizationCodeGrant>>;

/** Exchanges the code in the main process; throws when any check of the response or ID token fails. */
export function exchangeCode(
  config: client.Configuration,
  pending: PendingLogin,
  callback: URL,
): Promise<TokenResponse> {
  return client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
    ...(pending.maxAge === undefined ? {} : { maxAge: pending.maxAge }),
  });
}

export function refresh(
  config: client.Configuration,
  refreshToken: string,
): Promise<TokenResponse> {
  return client.refreshTokenGrant(config, refreshToken);
}

/** RFC 7009 revocation; failures are ignored by the caller (logout still forgets the token). */
export function revoke(
  config: client.Configuration,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<void> {
  return client.tokenRevocation(config, token, { token_type_hint: hint });
}

/** The provider said no (invalid_grant, access_denied…), as opposed to "could not reach it". */
export function isProtocolRefusal(error: unknown): boolean {
  return (
    error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError
  );
}

/** The protocol error code, when the provider sent one (it is safe to show and to log). */
export function protocolErrorCode(error: unknown): string | undefined {
  if (
    error instanceof client.ResponseBodyError ||
    error instanceof client.AuthorizationResponseError
  )
    return error.error;
  if (error instanceof client.ClientError) return error.code;
  return undefined;
}
