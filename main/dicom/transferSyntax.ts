/** Transfer Syntax UIDs of PS3.5 §10 and PS3.6 Annex A that change how a header is read. */
export const DEFLATED_EXPLICIT_LITTLE = '1.2.840.10008.1.2.1.99';
export const IMPLICIT_LITTLE = '1.2.840.10008.1.2';
export const EXPLICIT_BIG = '1.2.840.10008.1.2.2';
