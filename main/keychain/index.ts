// What other folders may use of main/keychain; code outside imports it only from here.
export { type Keychain, KeychainUnavailableError, osKeychain } from './keychain.js';
