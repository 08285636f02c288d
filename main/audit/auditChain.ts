/**
 * The hash chain that makes the audit file tamper-evident. Each line is one JSON object whose
 * last member is `"hash"`: the HMAC-SHA256, under the chain's key (chainKey.ts), of the line's own
 * text up to that member (closed with `}`), and that text includes `"prev"`, the hash of the line
 * before. Editing a line breaks its hash; removing or moving one breaks the next line's `prev`
 * and the sequence numbers; without the key, no one can compute a hash that verifies. Records
 * before the key's `since` (written by an older version), and logs with no key, use SHA-256.
 * Records cut from the end are found against the heads the platform countersigned (anchors).
 *
 * Hashing the exact bytes (not a re-serialisation) means verification does not depend on how a
 * JSON library orders keys or prints numbers.
 */
import { createHash, createHmac } from 'node:crypto';
import { AuditEntry } from './auditEvent.js';
import type { ChainKey } from './chainKey.js';

/** `prev` of the first entry of a log. */
export const GENESIS = '0'.repeat(64);
const HASH_MEMBER = ',"hash":"';

export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

function digest(text: string, seq: number, key: ChainKey | undefined): string {
  if (key !== undefined && seq >= key.since)
    return createHmac('sha256', key.key).update(text, 'utf8').digest('hex');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The JSON line (without newline) for an entry, its hash appended as the last member. */
export function sealEntry(entry: UnsealedEntry, key?: ChainKey): { line: string; hash: string } {
  const body = JSON.stringify(entry);
  const hash = digest(body, entry.seq, key);
  return { line: `${body.slice(0, -1)}${HASH_MEMBER}${hash}"}`, hash };
}

export type ChainProblem =
  | 'unreadable'
  | 'edited'
  | 'removed-before'
  | 'out-of-order'
  | 'chain-broken'
  | 'incomplete'
  | 'removed-at-end'
  | 'truncated'
  | 'anchor-mismatch';

export interface ChainFailure {
  ok: false;
  /** 1-based line number in the file. */
  line: number;
  problem: ChainProblem;
  message: string;
}

export interface ChainSuccess {
  ok: true;
  entries: number;
  lastSeq: number;
  lastHash: string;
  lastTime: string | undefined;
  /** The newest record the platform countersigned, when any receipt was given. */
  anchored?: AnchoredHead;
}

/** What one verified receipt of the platform says: the log had `count` records ending in `head`. */
export interface AnchoredHead {
  count: number;
  head: string;
  /** The platform's time of the countersignature (ISO 8601). */
  time: string;
}

export interface ChainProof {
  head?: ChainHead;
  key?: ChainKey;
  /** Heads countersigned by the platform, already checked against its published key. */
  anchors?: readonly AnchoredHead[];
}

const MESSAGES: Record<ChainProblem, string> = {
  unreadable: 'is not an audit entry (edited or damaged)',
  edited: 'was edited after it was written (its hash does not match its content)',
  'removed-before': 'follows a gap: entries before it were removed',
  'out-of-order': 'is out of order: entries were moved',
  'chain-broken': 'does not follow the entry before it: that entry was edited, removed or replaced',
  incomplete: 'is incomplete (the file ends in the middle of an entry)',
  'removed-at-end':
    'is missing: the newest entries were removed (the head record names a later one)',
  truncated: 'is missing: the log was truncated before the last head the platform countersigned',
  'anchor-mismatch':
    'differs from the head the platform countersigned: the log was rewritten up to here',
};

/** The newest entry as recorded beside the log (`<log>.head`), for finding removals at the end. */
export interface ChainHead {
  seq: number;
  hash: string;
}

function fail(line: number, problem: ChainProblem, extra = ''): ChainFailure {
  return { ok: false, line, problem, message: `line ${line} ${MESSAGES[problem]}${extra}` };
}

/** Parses and checks one sealed line on its own: its JSON shape and its hash. */
export function openEntry(line: string, key?: ChainKey): AuditEntry | 'unreadable' | 'edited' {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'unreadable';
  }
  const parsed = AuditEntry.safeParse(value);
  if (!parsed.success) return 'unreadable';
  const at = line.lastIndexOf(HASH_MEMBER);
  if (at < 0 || !line.endsWith('"}')) return 'unreadable';
  const body = `${line.slice(0, at)}}`;
  return digest(body, parsed.data.seq, key) === parsed.data.hash ? parsed.data : 'edited';
}

/**
 * Checks a whole audit file. The first problem found is reported with its line number (line N
 * holds record N); an empty file is a valid, empty log. The chain alone cannot tell a shortened
 * log from a complete one: the head record beside the log, and better the platform's
 * countersigned heads, show records cut from the end.
 */
export function verifyChain(
  text: string,
  headOrProof?: ChainHead | ChainProof,
): ChainSuccess | ChainFailure {
  const proof: ChainProof =
    headOrProof !== undefined && 'seq' in headOrProof ? { head: headOrProof } : (headOrProof ?? {});
  const { head, key } = proof;
  const anchors = [...(proof.anchors ?? [])].sort((a, b) => a.count - b.count);
  const lastAnchor = anchors.at(-1);
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  if (lines[lines.length - 1] === '') lines.pop();
  let prevHash = GENESIS;
  let prevSeq = 0;
  let lastTime: string | undefined;
  for (const [index, line] of lines.entries()) {
    const number = index + 1;
    if (!complete && index === lines.length - 1) return fail(number, 'incomplete');
    const entry = openEntry(line, key);
    if (entry === 'unreadable' || entry === 'edited') return fail(number, entry);
    if (entry.seq <= prevSeq) return fail(number, 'out-of-order');
    if (entry.seq > prevSeq + 1)
      return fail(number, entry.prev === prevHash ? 'chain-broken' : 'removed-before');
    if (entry.prev !== prevHash) return fail(number, 'chain-broken');
    prevHash = entry.hash;
    prevSeq = entry.seq;
    lastTime = entry.time;
    if (head !== undefined && entry.seq === head.seq && entry.hash !== head.hash)
      return fail(number, 'chain-broken');
    const anchor = anchors.find((candidate) => candidate.count === entry.seq);
    if (anchor !== undefined && anchor.head !== entry.hash)
      return fail(number, 'anchor-mismatch', ` (countersigned ${anchor.time})`);
  }
  if (lastAnchor !== undefined && prevSeq < lastAnchor.count)
    return fail(
      lines.length + 1,
      'truncated',
      `: truncated after record ${prevSeq}, the platform countersigned ${lastAnchor.count} records at ${lastAnchor.time}`,
    );
  if (head !== undefined && prevSeq < head.seq)
    return fail(lines.length + 1, 'removed-at-end', `: truncated after record ${prevSeq}`);
  return {
    ok: true,
    entries: lines.length,
    lastSeq: prevSeq,
    lastHash: prevHash,
    lastTime,
    ...(lastAnchor === undefined ? {} : { anchored: lastAnchor }),
  };
}
