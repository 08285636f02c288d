/**
 * A real OpenID provider (panva's oidc-provider) set up the wrong way for Mitate: it signs the
 * user in after the password alone (`amr: ["pwd"]`), the way a misconfigured platform URL would.
 * The app must refuse its tokens. Its login page finishes at once, no form: the test is about
 * what the app does with the tokens, not about typing a password.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OneFactorProvider {
  url: string;
  close(): Promise<void>;
}

export async function startOneFactorProvider(): Promise<OneFactorProvider> {
  const { default: Provider } = await import('oidc-provider');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(url, {
    clients: [
      {
        client_id: 'mitate-desktop',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'profile'],
    claims: { openid: ['sub', 'amr'], profile: ['name'], amr: null },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, name: 'One Factor' }),
    }),
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
    issueRefreshToken: async () => true,
  });
  provider.on('server_error', () => undefined);
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({
        accountId: 'one-factor-user',
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope('openid profile offline_access');
      const grantId = await grant.save();
      const location = await provider.interactionResult(
        req,
        res,
        { login: { accountId: 'one-factor-user', amr: ['pwd'] }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      res.writeHead(303, { location });
      res.end();
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
