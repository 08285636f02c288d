import { describe, expect, it } from 'vitest';
import { createMitateApi, type Transport } from '../../../preload/api.js';

function transport(reply: (channel: string, request: unknown) => Promise<unknown>): Transport {
  return { invoke: reply, subscribe: () => () => undefined, pathForFile: () => null };
}

describe('createMitateApi', () => {
  it('passes a reply that matches the contract', async () => {
    const api = createMitateApi(transport(async () => ({ ok: true, value: { locale: 'en' } })));
    expect(await api.invoke('settings.get', {})).toEqual({ ok: true, value: { locale: 'en' } });
  });

  it('turns a reply that breaks the contract into invalid_response', async () => {
    const api = createMitateApi(
      transport(async () => ({ ok: true, value: { locale: 'klingon' } })),
    );
    const result = await api.invoke('settings.get', {});
    expect(result.ok === false && result.error.code).toBe('invalid_response');
  });

  it('turns a lost host into host_disconnected', async () => {
    const api = createMitateApi(transport(async () => Promise.reject(new Error('socket closed'))));
    const result = await api.invoke('library.studies', {});
    expect(result.ok === false && result.error.code).toBe('host_disconnected');
  });

  it('drops events whose payload breaks the contract', () => {
    const received: unknown[] = [];
    let push: (payload: unknown) => void = () => undefined;
    const api = createMitateApi({
      invoke: async () => undefined,
      subscribe: (_event, listener) => {
        push = listener;
        return () => undefined;
      },
      pathForFile: () => null,
    });
    api.on('library.importProgress', (payload) => received.push(payload));
    push({ phase: 'reading', done: 1, total: 2 });
    push({ phase: 'reading', done: -1 });
    expect(received).toEqual([{ phase: 'reading', done: 1, total: 2 }]);
  });
});
