/**
 * Anchoring the audit chain's head where the workstation alone cannot rewrite it: the platform
 * countersigns {head hash, record count} with its own time and key (in the manner of an RFC 3161
 * time-stamp), and the workstation keeps each receipt, one compact JWS per line, in
 * `<log>.anchors`. Whoever cuts the log's newest records, even knowing the chain's key, cannot
 * make a receipt for the shorter log: verify compares the log with the newest receipt whose
 * signature checks against the platform's published key, and refuses any other.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { readBoundedText, RESPONSE_LIMITS } from '../net/index.js';
import type { AnchoredHead } from './auditChain.js';

export const RECEIPT_JWS_TYPE = 'mitate-audit-receipt+jws';

const Receipt = z.object({
  iss: z.string(),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().positive(),
  time: z.iso.datetime({ offset: true }),
});

const Jwks = z.object({ keys: z.array(z.looseObject({ kty: z.string() })).max(32) });

export function anchorsPath(file: string): string {
  return `${file}.anchors`;
}

/** The platform's published signing keys (`/.well-known/jwks.json`), read with a size limit. */
export async function platformSigningKeys(
  platformUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<JWK[]> {
  const response = await fetchImpl(`${platformUrl}/.well-known/jwks.json`);
  if (!response.ok) throw new Error(`jwks answered ${response.status}`);
  const text = await readBoundedText(response, RESPONSE_LIMITS.catalog, 'catalog');
  return Jwks.parse(JSON.parse(text)).keys as JWK[];
}

/** What a receipt says, when it is signed by one of `keys` for `issuer`; undefined otherwise. */
export async function verifyReceipt(
  jws: string,
  keys: readonly JWK[],
  issuer: string,
): Promise<AnchoredHead | undefined> {
  try {
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'ES256' || header.typ !== RECEIPT_JWS_TYPE) return undefined;
    const key = keys.find((candidate) => candidate.kid === header.kid && candidate.kty === 'EC');
    if (key === undefined) return undefined;
    const { payload } = await compactVerify(jws, await importJWK(key, 'ES256'), {
      algorithms: ['ES256'],
    });
    const receipt = Receipt.parse(JSON.parse(new TextDecoder().decode(payload)));
    if (receipt.iss.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) return undefined;
    return { count: receipt.count, head: receipt.head, time: receipt.time };
  } catch {
    return undefined;
  }
}

export interface ReceiptCheck {
  anchors: AnchoredHead[];
  /** 1-based lines of `<log>.anchors` that are not a receipt of this platform. */
  refused: number[];
}

/** Checks every kept receipt of a log; a missing receipts file is an unanchored log. */
export async function checkReceipts(
  file: string,
  keys: readonly JWK[],
  issuer: string,
): Promise<ReceiptCheck> {
  const text = await readFile(anchorsPath(file), 'utf8').catch(() => '');
  const check: ReceiptCheck = { anchors: [], refused: [] };
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const anchored = await verifyReceipt(line.trim(), keys, issuer);
    if (anchored === undefined) check.refused.push(index + 1);
    else check.anchors.push(anchored);
  }
  return check;
}

/**
 * Asks the platform to countersign the log's current head and keeps the receipt. The receipt is
 * checked before it is kept: signed by the platform, for exactly the head that was sent.
 */
export async function anchorHead(options: {
  file: string;
  head: { count: number; head: string };
  platformUrl: string;
  accessToken: string;
  fetchImpl?: typeof fetch;
}): Promise<AnchoredHead> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const response = await fetchImpl(`${options.platformUrl}/api/audit/anchors`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/jose',
    },
    body: JSON.stringify(options.head),
  });
  if (response.status !== 201) throw new Error(`anchoring answered ${response.status}`);
  const jws = (await readBoundedText(response, RESPONSE_LIMITS.login, 'json')).trim();
  const keys = await platformSigningKeys(options.platformUrl, fetchImpl);
  const anchored = await verifyReceipt(jws, keys, options.platformUrl);
  if (
    anchored === undefined ||
    anchored.count !== options.head.count ||
    anchored.head !== options.head.head
  )
    throw new Error('the platform answered with a receipt that does not hold');
  await appendFile(anchorsPath(options.file), `${jws}\n`, { mode: 0o600 });
  return anchored;
}
