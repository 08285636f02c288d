// The reference service as UPS-RS performer: an analysis that fails, one cancelled while it runs,
// and a real intracranial-seg run whose results are delivered by WADO-RS and then not kept.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMediaType, parseMultipart } from '../../dicomweb/multipartRelated.js';
import type { Platform } from '../../server/startPlatform.js';
import { platformRoot, testData } from '../support/paths.js';
import { bundledPlatformCli, login, startTestPlatform } from '../support/platformHarness.js';
import {
  api,
  type Dataset,
  openChannel,
  SECRET,
  startUpsPlatform,
  stateOf,
  stowFolder,
  typeOf,
  workItem,
} from './upsRsHarness.js';

let platform: Platform;
let token: string;

beforeAll(async () => {
  ({ platform, token } = await startUpsPlatform());
});
afterAll(async () => platform.close());

describe('UPS-RS work items with the WebSocket event channel', () => {
  it('cancels a reference-service item whose analysis fails, with a reason, and deletes its inputs', async () => {
    const names = (await readdir(testData('mr-head-t1-siemens-xa30-classic')))
      .filter((name) => name.endsWith('.dcm'))
      .slice(0, 2);
    const files = await Promise.all(
      names.map((name) => readFile(join(testData('mr-head-t1-siemens-xa30-classic'), name))),
    );
    const { studyUid, seriesUid } = await stowFolder(platform, token, files);
    const channel = await openChannel(platform, token, 'GLOBAL_TEST');
    expect(
      (
        await api(platform, token, '/workitems/1.2.840.10008.5.1.4.34.5/subscribers/GLOBAL_TEST', {
          method: 'POST',
        })
      ).status,
    ).toBe(201);
    const input = {
      '0020000D': { vr: 'UI', Value: [studyUid] },
      '0020000E': { vr: 'UI', Value: [seriesUid] },
    };
    const created = await api(platform, token, '/workitems', {
      method: 'POST',
      body: JSON.stringify([workItem('intracranial-seg', [input])]),
    });
    expect(created.status).toBe(201);
    await platform.performer.idle();
    const events = await channel.next(3);
    expect(events.map((event) => [typeOf(event), stateOf(event)])).toEqual([
      [1, 'IN PROGRESS'],
      [3, 'IN PROGRESS'],
      [1, 'CANCELED'],
    ]);
    const uid = created.headers.get('content-location')!.split('/').pop()!;
    const item = (
      (await (await api(platform, token, `/workitems/${uid}`)).json()) as Dataset[]
    )[0]!;
    expect(item['00741238']!.Value).toEqual(['analysis failed']);
    expect(await readdir(join(platform.scratchFolder, 'instances'))).toEqual([]);
    expect(await readdir(join(platform.scratchFolder, 'jobs'))).toEqual([]);
    channel.socket.close();
  });

  it('stops a running analysis when cancellation is requested, and tells subscribers', async () => {
    // An "analysis" that would run for a minute: only the cancel request can end it in time.
    const slow = await startTestPlatform({
      analyzeCommand: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'],
    });
    try {
      await slow.accounts.create({
        username: 'slow',
        name: 'slow',
        role: 'doctor',
        password: 'slow-password',
        totpSecret: SECRET,
      });
      const bearer = (await login(slow, 'slow', 'slow-password', SECRET)).access_token;
      const names = (await readdir(testData('mr-head-t1-siemens-xa30-classic')))
        .filter((name) => name.endsWith('.dcm'))
        .slice(0, 1);
      const { studyUid } = await stowFolder(slow, bearer, [
        await readFile(join(testData('mr-head-t1-siemens-xa30-classic'), names[0]!)),
      ]);
      const channel = await openChannel(slow, bearer, 'CANCEL_TEST');
      await api(slow, bearer, '/workitems/1.2.840.10008.5.1.4.34.5/subscribers/CANCEL_TEST', {
        method: 'POST',
      });
      const created = await api(slow, bearer, '/workitems', {
        method: 'POST',
        body: JSON.stringify([
          workItem('aneurysm-mra', [{ '0020000D': { vr: 'UI', Value: [studyUid] } }]),
        ]),
      });
      const uid = created.headers.get('content-location')!.split('/').pop()!;
      await channel.next(2);
      expect(
        (
          await api(slow, bearer, `/workitems/${uid}/cancelrequest`, {
            method: 'POST',
            body: JSON.stringify([{ '00741238': { vr: 'LT', Value: ['wrong series'] } }]),
          })
        ).status,
      ).toBe(202);
      await slow.performer.idle();
      const events = await channel.next(4);
      expect(events.map((event) => [typeOf(event), stateOf(event)])).toEqual([
        [1, 'IN PROGRESS'],
        [3, 'IN PROGRESS'],
        [2, 'IN PROGRESS'],
        [1, 'CANCELED'],
      ]);
      const item = ((await (await api(slow, bearer, `/workitems/${uid}`)).json()) as Dataset[])[0]!;
      expect(item['00741238']!.Value).toEqual(['canceled on request']);
      expect(await readdir(join(slow.scratchFolder, 'instances'))).toEqual([]);
      channel.socket.close();
    } finally {
      await slow.close();
    }
  });

  const analyzeExists = existsSync(join(platformRoot, 'commands/analyze.ts'));
  it.skipIf(!analyzeExists)(
    `runs intracranial-seg on the real MR series, delivers SEG and SR by WADO-RS, then keeps nothing${analyzeExists ? '' : ' (skipped: platform/commands/analyze.ts is not in the tree yet)'}`,
    async () => {
      const cli = await bundledPlatformCli();
      const real = await startTestPlatform({ analyzeCommand: [process.execPath, cli] });
      try {
        await real.accounts.create({
          username: 'seg',
          name: 'seg',
          role: 'doctor',
          password: 'seg-password',
          totpSecret: SECRET,
        });
        const bearer = (await login(real, 'seg', 'seg-password', SECRET)).access_token;
        const folder = testData('mr-head-t1-siemens-xa30-classic');
        const files = await Promise.all(
          (await readdir(folder))
            .filter((name) => name.endsWith('.dcm'))
            .map((name) => readFile(join(folder, name))),
        );
        const { studyUid, seriesUid } = await stowFolder(real, bearer, files);
        const input = {
          '0020000D': { vr: 'UI', Value: [studyUid] },
          '0020000E': { vr: 'UI', Value: [seriesUid] },
        };
        const created = await api(real, bearer, '/workitems', {
          method: 'POST',
          body: JSON.stringify([workItem('intracranial-seg', [input])]),
        });
        const uid = created.headers.get('content-location')!.split('/').pop()!;
        await real.performer.idle();
        const item = (
          (await (await api(real, bearer, `/workitems/${uid}`)).json()) as Dataset[]
        )[0]!;
        expect(item['00741000']!.Value).toEqual(['COMPLETED']);
        const outputs = (item['00741216']!.Value![0] as Dataset)['00404033']!.Value as Dataset[];
        expect(outputs.length).toBeGreaterThan(0);
        expect(await readdir(join(real.scratchFolder, 'jobs'))).toEqual([]);
        for (const output of outputs) {
          const response = await fetch(output['00081190']!.Value![0] as string, {
            headers: { authorization: `Bearer ${bearer}` },
          });
          const parts = parseMultipart(
            Buffer.from(await response.arrayBuffer()),
            parseMediaType(response.headers.get('content-type')!)!.parameters.get('boundary')!,
          );
          expect(parts.length).toBe((output['00081199']!.Value as unknown[]).length);
        }
        // Deletion follows the end of the last response; give the server a moment to finish it.
        for (
          let waited = 0;
          (await readdir(join(real.scratchFolder, 'instances'))).length > 0 && waited < 5_000;
          waited += 50
        ) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(await readdir(join(real.scratchFolder, 'instances'))).toEqual([]);
      } finally {
        await real.close();
        await rm(cli, { force: true });
      }
    },
  );
});
