/**
 * The hash chain that makes the audit file tamper-evident. Each line is one JSON object whose
 * last member is `"hash"`: the SHA-256 of the line's own text up to that member (closed with
 * `}`), and that text includes `"prev"`, the hash of the line before. Editing a line breaks its
 * hash; removing or moving one breaks the next line's `prev` and the sequence numbers.
 *
 * Hashing the exact bytes (not a re-serialisation) means verification does not depend on how a
 * JSON library orders keys or prints numbers.
 */
import { createHash } from 'node:crypto';
import { AuditEntry } from './auditEvent.js';

/** `prev` of the first entry of a log. */
export const GENESIS = '0'.repeat(64);
const HASH_MEMBER = ',"hash":"';

export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The JSON line (without newline) for an entry, its hash appended as the last member. */
export function sealEntry(entry: UnsealedEntry): { line: string; hash: string } {
  const body = JSON.stringify(entry);
  const hash = sha256(body);
  return { line: `${body.slice(0, -1)}${HASH_MEMBER}${hash}"}`, hash };
}

export type ChainProblem =
  | 'unreadable'
  | 'edited'
  | 'removed-before'
  | 'out-of-order'
  | 'chain-broken'
  | 'incomplete'
  | 'removed-at-end';

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
};

/** The newest entry as recorded beside the log (`<log>.head`), for finding removals at the end. */
export interface ChainHead {
  seq: number;
  hash: string;
}

function fail(line: number, problem: ChainProblem): ChainFailure {
  return { ok: false, line, problem, message: `line ${line} ${MESSAGES[problem]}` };
}

/** Parses and checks one sealed line on its own: its JSON shape and its hash. */
export function openEntry(line: string): AuditEntry | 'unreadable' | 'edited' {
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
  return sha256(body) === parsed.data.hash ? parsed.data : 'edited';
}

/**
 * Checks a whole audit file. The first problem found is reported with its line number; an empty
 * file is a valid, empty log. With the head record, entries removed from the end are found too
 * (the chain alone cannot tell a shortened log from a complete one).
 */
export function verifyChain(text: string, head?: ChainHead): ChainSuccess | ChainFailure {
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  if (lines[lines.length - 1] === '') lines.pop();
  let prevHash = GENESIS;
  let prevSeq = 0;
  let lastTime: string | undefined;
  for (const [index, line] of lines.entries()) {
    const number = index + 1;
    if (!complete && index === lines.length - 1) return fail(number, 'incomplete');
    const entry = openEntry(line);
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
  }
  if (head !== undefined && prevSeq < head.seq) return fail(lines.length + 1, 'removed-at-end');
  return { ok: true, entries: lines.length, lastSeq: prevSeq, lastHash: prevHash, lastTime };
}
