import type Provider from 'oidc-provider';
import type { OidcClient, OidcContext } from 'oidc-provider';
import type { PlatformKeys } from '../state/index.js';
import type { AccountStore } from './accountStore.js';
import type { ProviderStore } from './providerStore.js';

/**
 * The OpenID provider (panva's certified oidc-provider) configured for one public native
 * client, the Mitate desktop app:
 * - PKCE is required (RFC 7636; RFC 8252 §8.1) and oidc-provider 9 accepts only S256;
 * - loopback redirect URIs match on any port (RFC 8252 §7.3): oidc-provider ignores the port of
 *   `http://127.0.0.1/...` and `http://[::1]/...` redirect URIs for native clients;
 * - refresh tokens rotate on every use, access tokens live five minutes;
 * - access tokens are JWTs for one resource server, the platform's API (RFC 8707 resource
 *   indicators, RFC 9068 format), so DICOMweb verifies them locally with the published key
 *   instead of calling introspection on every request, and a relay deployed apart from the
 *   identity provider could do the same;
 * - `amr` (RFC 8176) and `acr` from the login go into the ID token and every access token,
 *   including those from refresh, so resource routes can demand two factors (RFC 9470);
 * - every access token names its grant (`grant_id`), so the bearer check can see at once that
 *   the grant was revoked or logged out (tokenRevocation.ts).
 */
export const DESKTOP_CLIENT_ID = 'mitate-desktop';
export const ACR_MFA = 'urn:mitate:acr:mfa';
export const ACR_PHISHING_RESISTANT = 'urn:mitate:acr:phr';
export const API_SCOPES = 'dicomweb catalog';

export interface OpenIdProviderOptions {
  issuer: string;
  /** The resource indicator (and `aud`) of the platform's API. */
  resource: string;
  keys: PlatformKeys;
  accounts: AccountStore;
  accessTokenTtlSeconds: number;
  /** Where sessions, grants and refresh tokens are kept (survives restarts). */
  store: ProviderStore;
}

export async function createOpenIdProvider(options: OpenIdProviderOptions): Promise<Provider> {
  const { resource, accounts } = options;
  // Loaded on use: the CLI bundle also serves `phantom` and `analyze`, which need no provider
  // (and oidc-provider prints a runtime warning as soon as it is loaded).
  const { default: OidcProvider, errors } = await import('oidc-provider');
  const provider = new OidcProvider(options.issuer, {
    adapter: options.store.adapter(),
    clients: [
      {
        client_id: DESKTOP_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback', 'http://[::1]/callback'],
        post_logout_redirect_uris: ['http://127.0.0.1/logged-out', 'http://[::1]/logged-out'],
      },
    ],
    jwks: { keys: [options.keys.tokenSigning] },
    cookies: { keys: options.keys.cookieKeys },
    pkce: { required: () => true },
    // OIDC scopes only; the API's scopes (dicomweb, catalog) belong to its resource server below.
    scopes: ['openid', 'offline_access', 'profile'],
    // amr and acr ride on the openid scope so every ID token carries them (RFC 8176 §1).
    claims: {
      openid: ['sub', 'amr', 'acr'],
      profile: ['name', 'preferred_username', 'mitate_role'],
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
    },
    acrValues: [ACR_MFA, ACR_PHISHING_RESISTANT],
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.byId(id);
      if (account === undefined) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          name: account.name,
          preferred_username: account.username,
          mitate_role: account.role,
        }),
      };
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    // The login pages speak these; the app asks for its own with `ui_locales` (loginInteraction.ts).
    discovery: { ui_locales_supported: ['ja', 'en'] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPES,
            audience: resource,
            accessTokenTTL: options.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    async extraTokenClaims(ctx: OidcContext, token: { grantId?: string }) {
      // The login's factors travel with the code, then with each rotated refresh token.
      const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      return { amr: source?.amr, acr: source?.acr, grant_id: token.grantId };
    },
    // oidc-provider's own error page (bad client, bad redirect URI): short, both languages, no echo of input.
    renderError(ctx: { type: string; body: string }, out: { error?: string }) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>Error</title><p>ログインを続けられません。アプリからやり直してください。</p><p lang="en">The sign-in cannot continue. Please start again from the app.</p><p><code>${String(out.error ?? 'error').replace(/[^\w.-]/g, '')}</code></p></html>`;
    },
    rotateRefreshToken: true,
    // The desktop app keeps a workday's session without asking for offline_access + consent.
    issueRefreshToken: async (_ctx: unknown, client: OidcClient) =>
      client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Grant: 12 * 3600,
      Session: 12 * 3600,
      RefreshToken: 12 * 3600,
    },
  });
  return provider;
}
