// What other folders may use of main/vault; code outside imports it only from here.
export { loadPseudonymKeys } from './pseudonymSecret.js';
export { PseudonymVault, VaultError } from './pseudonymVault.js';
export { restoreReferences } from './restoreReferences.js';
