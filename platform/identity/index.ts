// What other folders may use of platform/identity; code outside imports it only from here.
export { AccountStore, type LockoutPolicy } from './accountStore.js';
export { type BearerCheck, bearerTokenCheck } from './bearerToken.js';
export { type DemoUser, seedDemoUsers } from './demoUsers.js';
export { loginInteractionRoute } from './loginInteraction.js';
export { createOpenIdProvider } from './openIdProvider.js';
export { relyingPartyFor } from './passkeyFactor.js';
export { ProviderStore } from './providerStore.js';
export { totpUri } from './totpFactor.js';
