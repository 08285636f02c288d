import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/dispatch.js';
import { HandlerError } from '../../../main/errors/index.js';
import { createHandlers } from '../../../main/handlers.js';
import type { Handlers } from '../../../main/host/index.js';
import { SettingsStore } from '../../../main/settings/settingsStore.js';
import type { EventName } from '../../../preload/contract/index.js';

async function services() {
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-'));
  const events: { name: EventName; payload: unknown }[] = [];
  const main = createHandlers({
    info: {
      name: 'Mitate',
      version: '0.0.0',
      host: 'devhost',
      platform: 'linux',
      nativeDialogs: false,
    },
    dataDir,
    settings: new SettingsStore(dataDir),
    emit: (name, payload) => events.push({ name, payload }),
  });
  return { ...main, dataDir, events };
}

describe('dispatch', () => {
  it('answers a valid request', async () => {
    const { handlers } = await services();
    expect(await dispatch(handlers, 'settings.get', {})).toEqual({
      ok: true,
      value: { locale: 'ja' },
    });
  });

  it('refuses an unknown channel', async () => {
    const { handlers } = await services();
    expect(await dispatch(handlers, 'fs.readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await dispatch(handlers, '__proto__', {})).toEqual({
      ok: false,
      error: { code: 'unknown_channel' },
    });
  });

  it('refuses malformed requests with a typed error instead of crashing', async () => {
    const { handlers } = await services();
    for (const [channel, request] of [
      ['library.importPaths', { paths: 'not-an-array' }],
      ['library.importPaths', { paths: [] }],
      ['library.importPaths', { paths: ['/x'], extra: true }],
      ['settings.update', { locale: 'fr' }],
      ['library.series', { studyId: 42 }],
      ['library.importFiles', { files: [{ name: 'a.dcm', bytes: 'AAAA' }] }],
      ['library.studies', 'garbage'],
    ] as const) {
      const reply = await dispatch(handlers, channel, request);
      expect(reply.ok, channel).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('invalid_request');
    }
  });

  it('turns an expected failure into its code and an unexpected one into "internal" without its message', async () => {
    const handlers = {
      'library.studies': async () => {
        throw new HandlerError('not_found', 'study');
      },
      'app.info': async () => {
        throw new Error('ENOENT: /home/clinic/Yamada Taro/001.dcm');
      },
    } as unknown as Handlers;
    expect(await dispatch(handlers, 'library.studies', {})).toEqual({
      ok: false,
      error: { code: 'not_found', detail: 'study' },
    });
    const reply = await dispatch(handlers, 'app.info', {});
    expect(reply).toEqual({ ok: false, error: { code: 'internal', detail: 'Error' } });
    expect(JSON.stringify(reply)).not.toContain('Yamada');
  });

  it('persists the locale atomically and reads it back in a new session', async () => {
    const { handlers, dataDir } = await services();
    expect(await dispatch(handlers, 'settings.update', { locale: 'en' })).toEqual({
      ok: true,
      value: { locale: 'en' },
    });
    const again = createHandlers({
      info: {
        name: 'Mitate',
        version: '0',
        host: 'devhost',
        platform: 'linux',
        nativeDialogs: false,
      },
      dataDir,
      settings: new SettingsStore(dataDir),
      emit: () => undefined,
    });
    expect(await dispatch(again.handlers, 'settings.get', {})).toEqual({
      ok: true,
      value: { locale: 'en' },
    });
  });

  it('says the folder dialog is unavailable where the host has none', async () => {
    const { handlers } = await services();
    expect(await dispatch(handlers, 'library.pickAndImport', {})).toEqual({
      ok: false,
      error: { code: 'dialog_unavailable' },
    });
  });

  it('emits import progress events that match the contract', async () => {
    const { handlers, events } = await services();
    const dir = await mkdtemp(join(tmpdir(), 'mitate-'));
    await dispatch(handlers, 'library.importPaths', { paths: [dir] });
    expect(events.map((event) => event.name)).toContain('library.importProgress');
    expect(events.at(-1)?.payload).toEqual({ phase: 'done', done: 0, total: 0 });
  });
});
