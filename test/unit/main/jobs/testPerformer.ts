/**
 * An AI service for the tests, speaking only UPS-RS and DICOMweb to the real platform, as a
 * third-party performer would (IHE AIW-I): it claims each scheduled work item with its code,
 * retrieves the inputs with WADO-RS, writes a small SR that references them (and carries the
 * algorithm in the Contributing Equipment Sequence, IHE AIR), stores it with STOW-RS, lists it in
 * the Output Information Sequence and completes the item. The fault tests use it where a
 * performer must misbehave (`foreignReference` cites a UID that was never sent) or wait
 * (`paused`); the whole-job tests use the platform's real aneurysm service instead.
 */
import { randomUUID } from 'node:crypto';
import dicomParser from 'dicom-parser';
import {
  EXPLICIT_LE,
  encodeDicomFile,
  encodeText,
  type OutElement,
} from '../../../../main/dicom/index.js';
import {
  sequenceItems,
  stringValue,
  tag,
  type DicomJsonDataset,
} from '../../../../main/dicomweb/dicomJson.js';
import { DicomwebClient } from '../../../../main/dicomweb/dicomwebClient.js';

export const TEST_SERVICE = {
  id: 'echo-detector',
  version: '1.2.3',
  workitemCode: {
    value: 'mitate-test-echo',
    scheme: '99MITATETEST',
    meaning: 'Test echo detector',
  },
  deidOptions: [] as string[],
};
export const FOREIGN_UID = '1.2.826.0.1.3680043.8.498.424242424242';
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

const newUid = (): string => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`)}`;
const value = (tagNumber: number, vr: string, text: string): OutElement => ({
  kind: 'value',
  tag: tagNumber,
  vr,
  value: encodeText(text, vr),
});
const seq = (tagNumber: number, ...items: OutElement[][]): OutElement => ({
  kind: 'sequence',
  tag: tagNumber,
  vr: 'SQ',
  undefinedLength: false,
  items: items.map((elements) => ({ elements, undefinedLength: false, syntax: EXPLICIT_LE })),
});

export function resultSr(input: {
  study: string;
  patientId: string;
  series: { uid: string; instances: { sopClass: string; sop: string }[] }[];
  extraReference?: string;
}): { bytes: Uint8Array; sop: string; series: string } {
  const sop = newUid();
  const series = newUid();
  const references = input.series.map((entry) => [
    seq(
      0x00081199,
      ...entry.instances.map((instance) => [
        value(0x00081150, 'UI', instance.sopClass),
        value(0x00081155, 'UI', instance.sop),
      ]),
    ),
    value(0x0020000e, 'UI', entry.uid),
  ]);
  if (input.extraReference !== undefined)
    references[0]![0] = seq(0x00081199, [
      value(0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.4'),
      value(0x00081155, 'UI', input.extraReference),
    ]);
  const body: OutElement[] = [
    value(0x00080016, 'UI', COMPREHENSIVE_SR),
    value(0x00080018, 'UI', sop),
    value(0x00080060, 'CS', 'SR'),
    value(0x00080070, 'LO', 'Mitate Test AI'),
    value(0x00100010, 'PN', ''),
    value(0x00100020, 'LO', input.patientId),
    seq(0x0018a001, [
      value(0x00080070, 'LO', 'Mitate Test AI'),
      value(0x00081090, 'LO', 'echo-detector'),
      value(0x00181020, 'LO', '1.2.3'),
    ]),
    value(0x0020000d, 'UI', input.study),
    value(0x0020000e, 'UI', series),
    value(0x00200011, 'IS', '901'),
    value(0x0040a040, 'CS', 'CONTAINER'),
    seq(0x0040a375, [seq(0x00081115, ...references), value(0x0020000d, 'UI', input.study)]),
    value(0x0040a491, 'CS', 'COMPLETE'),
    value(0x0040a493, 'CS', 'UNVERIFIED'),
  ];
  const meta: OutElement[] = [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    value(0x00020002, 'UI', COMPREHENSIVE_SR),
    value(0x00020003, 'UI', sop),
    value(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
    value(0x00020012, 'UI', '1.2.826.0.1.3680043.8.498.1'),
  ];
  return { bytes: Buffer.concat(encodeDicomFile(meta, body, EXPLICIT_LE, false)), sop, series };
}

export class TestPerformer {
  private stopped = false;
  private loop: Promise<void> | undefined;
  readonly performed: string[] = [];

  constructor(
    private readonly dicomweb: string,
    private readonly token: () => string,
    readonly options: { foreignReference?: boolean; paused?: boolean } = {},
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          if (!this.options.paused) await this.pollOnce();
        } catch {
          // the platform may be down for a while in the fault tests
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private api(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.dicomweb}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${this.token()}`,
        'content-type': 'application/dicom+json',
        ...init.headers,
      },
    });
  }

  private async pollOnce(): Promise<void> {
    const response = await this.api('/workitems?ProcedureStepState=SCHEDULED');
    if (!response.ok) return;
    for (const item of (await response.json()) as DicomJsonDataset[]) {
      const code = stringValue(
        sequenceItems(item, tag.scheduledWorkitemCodeSequence)[0],
        '00080100',
      );
      const uid =
        stringValue(item, tag.affectedSopInstanceUid) ?? stringValue(item, tag.sopInstanceUid);
      if (code !== TEST_SERVICE.workitemCode.value || uid === undefined) continue;
      await this.perform(uid, item);
    }
  }

  private async perform(uid: string, item: DicomJsonDataset): Promise<void> {
    const transaction = newUid();
    const claim = await this.api(`/workitems/${uid}/state`, {
      method: 'PUT',
      body: JSON.stringify([
        {
          [tag.procedureStepState]: { vr: 'CS', Value: ['IN PROGRESS'] },
          [tag.transactionUid]: { vr: 'UI', Value: [transaction] },
        },
      ]),
    });
    if (!claim.ok) return;
    const client = new DicomwebClient({ baseUrl: this.dicomweb, accessToken: this.token });
    const inputs = sequenceItems(item, tag.inputInformationSequence);
    const study = stringValue(inputs[0], tag.studyInstanceUid)!;
    const series: { uid: string; instances: { sopClass: string; sop: string }[] }[] = [];
    let patientId = '';
    for (const input of inputs) {
      const seriesUid = stringValue(input, tag.seriesInstanceUid)!;
      const objects = await client.retrieve({
        studyInstanceUid: study,
        seriesInstanceUid: seriesUid,
      });
      const instances = objects.map((bytes) => {
        const parsed = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
        patientId = parsed.string('x00100020')?.trim() ?? '';
        return {
          sopClass: parsed.string('x00080016')!.trim(),
          sop: parsed.string('x00080018')!.trim(),
        };
      });
      series.push({ uid: seriesUid, instances });
    }
    const result = resultSr({
      study,
      patientId,
      series,
      ...(this.options.foreignReference ? { extraReference: FOREIGN_UID } : {}),
    });
    await client.store([result.bytes], { studyInstanceUid: study });
    const output = {
      [tag.studyInstanceUid]: { vr: 'UI', Value: [study] },
      [tag.seriesInstanceUid]: { vr: 'UI', Value: [result.series] },
      [tag.referencedSopSequence]: {
        vr: 'SQ',
        Value: [
          {
            [tag.referencedSopClassUid]: { vr: 'UI', Value: [COMPREHENSIVE_SR] },
            [tag.referencedSopInstanceUid]: { vr: 'UI', Value: [result.sop] },
          },
        ],
      },
    };
    await this.api(`/workitems/${uid}`, {
      method: 'POST',
      body: JSON.stringify([
        {
          [tag.transactionUid]: { vr: 'UI', Value: [transaction] },
          [tag.performedProcedureSequence]: {
            vr: 'SQ',
            Value: [{ [tag.outputInformationSequence]: { vr: 'SQ', Value: [output] } }],
          },
        },
      ]),
    });
    await this.api(`/workitems/${uid}/state`, {
      method: 'PUT',
      body: JSON.stringify([
        {
          [tag.procedureStepState]: { vr: 'CS', Value: ['COMPLETED'] },
          [tag.transactionUid]: { vr: 'UI', Value: [transaction] },
        },
      ]),
    });
    this.performed.push(uid);
  }
}
