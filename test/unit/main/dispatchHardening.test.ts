/**
 * Every contract channel, fuzzed through main/dispatch.ts with random and hostile payloads (the
 * same entry both shells use): each reply is a typed result, errors carry a known code and no
 * echo of the payload, successful replies match the contract's response schema, nothing hangs,
 * nothing escapes the data folder, and the process sees no unhandled rejection.
 * The generator is seeded: a failure names the seed and payload index to replay it.
 */
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAudit } from '../../../main/audit/auditedServices.js';
import { FileAuditLog } from '../../../main/audit/fileAuditLog.js';
import { dispatch } from '../../../main/dispatch.js';
import { createHandlers } from '../../../main/handlers.js';
import type { Handlers } from '../../../main/host/index.js';
import { SettingsStore } from '../../../main/settings/settingsStore.js';
import {
  channelNames,
  channels,
  ErrorCode,
  type Channel,
} from '../../../preload/contract/index.js';
import { testData } from '../../support/paths.js';
import { seededRandom } from './seededRandom.js';

const SEED = 0x6d697461;
const RANDOM_PER_CHANNEL = 80;
const HANG_MS = 20_000;
/** Marks payload text: it must never come back in an error (errors must not echo input). */
const MARKER = 'YAMADA^TAROU-PHI';

function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 8 : 11));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return random() < 0.5;
    case 3:
      return [0, -0, 1, -1, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, 1e308, 0.5][
        Math.floor(random() * 9)
      ];
    case 4:
      return `${MARKER}${'\0\u202e../'.repeat(Math.floor(random() * 4))}`;
    case 5:
      return [
        '',
        ' ',
        '../../../../../etc/passwd',
        '/dev/zero',
        '/proc/self/mem',
        'C:\\Windows\\system32',
        '\\\\server\\share',
        'file:///etc/shadow',
        `${MARKER}`.repeat(3000),
      ][Math.floor(random() * 9)];
    case 6:
      return new Uint8Array(Math.floor(random() * 64)).map(() => Math.floor(random() * 256));
    case 7:
      return BigInt(Math.floor(random() * 1e6));
    case 8:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const keys = [
        'paths',
        'files',
        'locale',
        'studyId',
        'seriesId',
        'name',
        'bytes',
        '__proto__',
        'constructor',
        MARKER,
      ];
      const out: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(random() * 4); i++)
        out[keys[Math.floor(random() * keys.length)]!] = randomValue(random, depth + 1);
      return out;
    }
  }
}

function deep(levels: number): unknown {
  let value: unknown = MARKER;
  for (let i = 0; i < levels; i++) value = { paths: [value] };
  return value;
}

/** Payloads aimed at the known shapes: right keys, wrong or hostile values. */
function hostilePayloads(outside: string): unknown[] {
  return [
    JSON.parse(`{"__proto__":{"polluted":"${MARKER}"}}`),
    { constructor: { prototype: { polluted: MARKER } } },
    Object.create(null),
    deep(5000),
    { paths: Array.from({ length: 300 }, () => MARKER) },
    { paths: ['x'.repeat(5000)] },
    { paths: ['/dev/zero', '/dev/null', '/proc/self/fd/0', '\0'] },
    { paths: [join(outside, 'no-such-folder', MARKER)] },
    { paths: [testData('mr-transfer-syntaxes-dcm_qa_ts/1.dcm')] },
    { files: [{ name: `../../${MARKER}-escape.dcm`, bytes: new Uint8Array([1, 2, 3]) }] },
    { files: [{ name: '/etc/cron.d/evil', bytes: new Uint8Array(132).fill(0x44) }] },
    { files: [{ name: 'a'.repeat(255), bytes: new Uint8Array(0) }] },
    { files: Array.from({ length: 600 }, () => ({ name: 'x.dcm', bytes: new Uint8Array(1) })) },
    { locale: 'ja', extra: MARKER },
    { locale: 'en' },
    { studyId: MARKER },
    { studyId: '' },
    { seriesId: 'x'.repeat(129) },
    { seriesId: MARKER },
    'x'.repeat(1_000_000),
    [],
    42,
  ];
}

let dataDir: string;
let outside: string;
let handlers: Handlers;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

/** The app's handlers, audited, over a data folder, as the shells build them. */
function handlersOver(folder: string): Handlers {
  const audit = new FileAuditLog({
    file: join(folder, 'audit', 'audit.jsonl'),
    application: 'fuzz',
  });
  return withAudit(
    createHandlers({
      info: {
        name: 'Mitate',
        version: '0',
        host: 'devhost',
        platform: 'linux',
        nativeDialogs: false,
      },
      dataDir: folder,
      settings: new SettingsStore(folder),
      emit: () => undefined,
    }),
    audit,
  ).handlers;
}

beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'mitate-fuzz-'));
  dataDir = join(outside, 'data');
  await mkdir(dataDir);
  await writeFile(join(outside, 'sentinel'), '');
  process.on('unhandledRejection', onUnhandled);
  handlers = handlersOver(dataDir);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

async function callWithin(channel: unknown, request: unknown): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([dispatch(handlers, channel, request), hang]);
  } finally {
    clearTimeout(timer);
  }
}

function checkReply(channel: Channel, reply: unknown, label: string): void {
  expect(typeof reply === 'object' && reply !== null, label).toBe(true);
  const result = reply as {
    ok: boolean;
    value?: unknown;
    error?: { code: unknown; detail?: unknown };
  };
  if (result.ok) {
    expect(
      channels[channel].response.safeParse(result.value).success,
      `${label}: response matches the contract`,
    ).toBe(true);
  } else {
    expect(ErrorCode.options, label).toContain(result.error?.code);
    if (result.error?.detail !== undefined) {
      expect(typeof result.error.detail, label).toBe('string');
      expect((result.error.detail as string).length, label).toBeLessThanOrEqual(2000);
    }
    expect(JSON.stringify(result.error), `${label}: error echoes the payload`).not.toContain(
      MARKER,
    );
  }
}

describe('IPC fuzzing through dispatch', () => {
  it.each(channelNames.filter((channel) => channel !== 'library.pickAndImport'))(
    '%s: random and hostile payloads get typed answers',
    async (channel) => {
      const random = seededRandom(SEED ^ channel.length);
      const payloads = [
        ...hostilePayloads(outside),
        ...Array.from({ length: RANDOM_PER_CHANNEL }, () => randomValue(random)),
      ];
      for (const [index, payload] of payloads.entries()) {
        checkReply(
          channel,
          await callWithin(channel, payload),
          `${channel} #${index} (seed ${SEED})`,
        );
      }
    },
  );

  it('library.pickAndImport: refused where the host has no dialog, whatever the payload', async () => {
    // Fresh handlers: the fuzzing above may have locked the screen (session.lockNow is a channel
    // like any other), and a locked screen would refuse before the dialog check is reached.
    handlers = handlersOver(await mkdtemp(join(tmpdir(), 'mitate-fuzz-pick-')));
    for (const payload of hostilePayloads(outside)) {
      const reply = (await callWithin('library.pickAndImport', payload)) as {
        ok: boolean;
        error?: { code: string };
      };
      expect(reply.ok).toBe(false);
      expect(['invalid_request', 'dialog_unavailable']).toContain(reply.error?.code);
    }
  });

  it('refuses unknown and hostile channel names', async () => {
    for (const channel of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '',
      'settings.get ',
      'SETTINGS.GET',
      'library.importPaths\0',
      null,
      42,
      {},
      ['settings.get'],
    ]) {
      expect(await callWithin(channel, {})).toEqual({
        ok: false,
        error: { code: 'unknown_channel' },
      });
    }
  });

  it('left no trace outside the data folder and polluted no prototype', async () => {
    expect((await readdir(outside)).sort()).toEqual(['data', 'sentinel']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(unhandled).toEqual([]);
  });
});
