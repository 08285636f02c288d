// What other folders may use of platform/identity; code outside imports it only from here.
export { AccountStore, type LockoutPolicy } from './accountStore.js';
export {
  accessTokenVerifier,
  type BearerCheck,
  bearerTokenCheck,
  type Caller,
} from './bearerToken.js';
export { acceptJwtRevocation, liveCheck } from './tokenRevocation.js';
export { type DemoUser, seedDemoUsers } from './demoUsers.js';
export { loginInteractionRoute } from './loginInteraction.js';
export { createOpenIdProvider } from './openIdProvider.js';
export { relyingPartyFor } from './passkeyFactor.js';
export { ProviderStore } from './providerStore.js';
export { totpUri } from './totpFactor.js';
