import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type yauzl from 'yauzl';
import type { RefusedEntry } from '../../preload/contract/index.js';
import { makePrivateFolder, pathInside, writeFileAtomic } from '../storage/index.js';
import {
  ArchiveLimitExceeded,
  type ArchiveLimits,
  countingStream,
  DEFAULT_ARCHIVE_LIMITS,
  exceedsRatio,
  type InflatedTotal,
} from './archiveLimits.js';

/**
 * Extracts a zip archive, streamed one entry at a time (never the whole archive in memory), into
 * `<archiveRoot>/<key>/`, where the key covers the archive's path, size and time: importing the
 * same archive again reuses what was extracted. Entries go to `<key>.partial/` first and the
 * folder is renamed when the last entry is written, so a crash never leaves half an archive that
 * looks complete.
 *
 * Entries are written under opaque names (their position in the archive), flat, 0600 in a 0700
 * folder: archives from other sites name folders after the patient ("YAMADA^TARO/…"), and no path
 * on disk may carry a patient's name, ID or birth date. A DICOMDIR inside is not kept: its
 * references name the original paths, and every file it lists is extracted and read anyway.
 *
 * Refused, with a report entry each (APPNOTE 4.4.17: names are relative, "/" separated, with no
 * drive or leading slash; anything else is how "zip slip" writes outside the target):
 * - absolute names ("/etc/x", "C:\x", "\\server\x");
 * - names with a ".." component, which would escape the target folder;
 * - symbolic links (Unix mode S_IFLNK in the external attributes), which could point anywhere;
 * - encrypted entries and compression methods other than stored and deflate;
 * - an entry inflating more than `maxRatio` times its compressed size (a zip bomb), and an entry
 *   whose data is corrupt or does not match its declared size: its bytes are removed.
 * The whole archive is refused, and nothing of it stays on disk, when it has more than
 * `maxEntries` entries or inflates to more than `maxTotalBytes` (see ./archiveLimits.ts).
 * Any other error removes the partial folder before it is passed on.
 */

export interface ExtractedArchive {
  /** The folder holding the extracted entries; undefined when cancelled or refused whole. */
  folder: string | undefined;
  refused: RefusedEntry[];
}

export interface ExtractOptions {
  signal: AbortSignal;
  onEntry?: (done: number, total: number) => void;
  limits?: Partial<ArchiveLimits>;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const STORED = 0;
const DEFLATED = 8;

export async function extractArchive(
  zipPath: string,
  archiveRoot: string,
  { signal, onEntry, limits: given }: ExtractOptions,
): Promise<ExtractedArchive> {
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...given };
  const stats = await stat(zipPath);
  const key = createHash('sha256')
    .update(`${resolve(zipPath)}\0${stats.size}\0${stats.mtimeMs}`)
    .digest('base64url')
    .slice(0, 22);
  const folder = join(archiveRoot, key);
  const refusedFile = join(archiveRoot, `${key}.refused.json`);
  if (await exists(folder)) {
    return {
      folder,
      refused: JSON.parse(await readFile(refusedFile, 'utf8').catch(() => '[]')) as RefusedEntry[],
    };
  }
  // Loaded when an archive is first opened: most imports and `mitate deid` never open one.
  const { default: zipReader } = await import('yauzl');
  const zip = await zipReader.openPromise(zipPath, {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: true,
    autoClose: true,
  });
  const wholeArchive = (reason: RefusedEntry['reason']): ExtractedArchive => ({
    folder: undefined,
    refused: [{ name: basename(zipPath).slice(0, 200), reason }],
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    return wholeArchive('too-many-entries');
  }
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  await makePrivateFolder(partial);
  const removePartial = (): Promise<void> => rm(partial, { recursive: true, force: true });
  let refused: RefusedEntry[];
  try {
    refused = await extractEntries(zip, resolve(partial), limits, signal, onEntry);
  } catch (error) {
    await removePartial();
    if (error instanceof ArchiveLimitExceeded) return wholeArchive(error.reason);
    throw error;
  } finally {
    zip.close();
  }
  if (signal.aborted) {
    await removePartial();
    return { folder: undefined, refused };
  }
  try {
    await writeFileAtomic(refusedFile, JSON.stringify(refused));
    await rename(partial, folder);
  } catch (error) {
    await removePartial();
    throw error;
  }
  return { folder, refused };
}

/** Writes each entry under `root`; throws ArchiveLimitExceeded('too-large') past the total. */
async function extractEntries(
  zip: yauzl.ZipFile,
  root: string,
  limits: ArchiveLimits,
  signal: AbortSignal,
  onEntry: ExtractOptions['onEntry'],
): Promise<RefusedEntry[]> {
  const refused: RefusedEntry[] = [];
  const total: InflatedTotal = { bytes: 0 };
  let done = 0;
  const { default: zipReader } = await import('yauzl');
  for await (const entry of zip.eachEntry()) {
    if (signal.aborted) break;
    done++;
    onEntry?.(done, zip.entryCount);
    const rawName = entry.fileName as unknown as Buffer;
    const name = zipReader.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      rawName,
      entry.extraFields,
      false,
    );
    const verdict = judgeEntry(name, entry, limits);
    if (verdict === 'directory') continue;
    if (typeof verdict === 'string') {
      refused.push({ name: baseName(name), reason: verdict });
      continue;
    }
    // Defence in depth: whatever the name said, it must name a place inside the target folder.
    try {
      pathInside(root, ...verdict.components);
    } catch {
      refused.push({ name: baseName(name), reason: 'path-escape' });
      continue;
    }
    if (verdict.components.at(-1)?.toUpperCase() === 'DICOMDIR') continue;
    const target = join(root, String(done));
    try {
      const stream = await zip.openReadStreamPromise(entry);
      await pipeline(
        stream,
        countingStream(entry.compressedSize, total, limits),
        // "wx": never through a file (or link) already there.
        createWriteStream(target, { mode: 0o600, flags: 'wx' }),
      );
    } catch (error) {
      await rm(target, { force: true });
      if (error instanceof ArchiveLimitExceeded && error.reason === 'too-large') throw error;
      refused.push({
        name: baseName(name),
        reason: error instanceof ArchiveLimitExceeded ? error.reason : 'corrupt',
      });
    }
  }
  return refused;
}

type Verdict = 'directory' | RefusedEntry['reason'] | { components: string[] };

function judgeEntry(name: string, entry: yauzl.Entry, limits: ArchiveLimits): Verdict {
  const normalized = name.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) return 'absolute-path';
  const components = normalized.split('/');
  if (components.includes('..')) return 'path-escape';
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'symlink';
  if (normalized.endsWith('/')) return 'directory';
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) return 'unsupported';
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED)
    return 'unsupported';
  // A declared size is a hint only (the bytes are counted while inflating), but one that is
  // already too much needs no reading.
  if (exceedsRatio(entry.uncompressedSize, entry.compressedSize, limits))
    return 'compression-ratio';
  const kept = components
    .filter((component) => component !== '' && component !== '.')
    .map(safeComponent);
  return kept.length === 0 ? 'directory' : { components: kept };
}

/** Characters no file system here or on Windows accepts in a name become "_". */
function safeComponent(component: string): string {
  // eslint-disable-next-line no-control-regex
  return component.replace(/[<>:"|?*\u0000-\u001f]/g, '_').slice(0, 200);
}

function baseName(name: string): string {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '');
  return (parts.at(-1) ?? name).slice(0, 200);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
