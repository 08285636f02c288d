// Nodes and the local AE: defaults (receive off, MITATE, 11112, no nodes), the user's own
// nodes beside the policy's, and what the policy fixes staying fixed whatever is sent.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PacsSettingsStore } from '../../../../main/pacs/pacsSettings.js';
import { checkPolicy } from '../../../../main/policy/managedPolicy.js';
import type { RemoteNode } from '../../../../preload/contract/index.js';

const policyNode: RemoteNode = {
  kind: 'dimse',
  id: 'pacs',
  label: 'PACS',
  aeTitle: 'PACS',
  host: 'pacs.example.jp',
  port: 104,
  tls: { enabled: false },
  retrieveWith: 'c-get',
};
const own: RemoteNode = {
  kind: 'dicomweb',
  id: 'new-1',
  label: 'Mine',
  baseUrl: 'https://archive.example.jp/dicom-web',
  auth: 'none',
};

describe('PACS settings', () => {
  it('start with receive off, AE MITATE on 11112 and no nodes', async () => {
    const store = new PacsSettingsStore(await mkdtemp(join(tmpdir(), 'mitate-pacs-')));
    expect(await store.get()).toMatchObject({
      local: { aeTitle: 'MITATE', port: 11112, receiveEnabled: false },
      nodes: [],
    });
    expect(store.fixed()).toEqual({ localFields: [], nodeIds: [] });
  });

  it('keep the policy nodes and fields fixed, name new nodes, and keep the user nodes across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-pacs-'));
    const policy = {
      pacsNodes: [policyNode],
      pacsLocalAe: { aeTitle: 'WS01', receiveEnabled: true },
    };
    const store = new PacsSettingsStore(dataDir, policy);
    const current = await store.get();
    expect(current.local).toMatchObject({ aeTitle: 'WS01', receiveEnabled: true, port: 11112 });
    const saved = await store.update({
      local: { ...current.local, aeTitle: 'HACKED', port: 11113, receiveEnabled: false },
      nodes: [{ ...policyNode, host: 'elsewhere.example' }, own],
    });
    expect(saved.local).toMatchObject({ aeTitle: 'WS01', receiveEnabled: true, port: 11113 });
    expect(saved.nodes[0]).toEqual(policyNode);
    expect(saved.nodes[1]!.id).toMatch(/^node-[0-9a-f]{12}$/);
    expect(store.fixed()).toEqual({
      localFields: ['aeTitle', 'receiveEnabled'],
      nodeIds: ['pacs'],
    });
    const reopened = new PacsSettingsStore(dataDir, policy);
    expect((await reopened.get()).nodes.map((node) => node.label)).toEqual(['PACS', 'Mine']);
  });

  it('take the policy from the Windows registry as JSON text', () => {
    const reading = checkPolicy(
      { PacsNodes: JSON.stringify([policyNode]), PacsLocalAe: '{"port": 104}' },
      'registry',
    );
    expect(reading.problems).toEqual([]);
    expect(reading.policy.pacsNodes).toEqual([policyNode]);
    expect(reading.policy.pacsLocalAe).toEqual({ port: 104 });
  });
});
