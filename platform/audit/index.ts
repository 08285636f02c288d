// What other folders may use of platform/audit; code outside imports it only from here.
export { auditAnchorRoute, RECEIPT_JWS_TYPE } from './anchorRoute.js';
