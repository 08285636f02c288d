import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { serviceForWorkitemCode, type CatalogService } from '../catalog/index.js';
import {
  attribute,
  type DicomJsonDataset,
  type InstanceStore,
  sequence,
  sequenceItems,
  type StoredInstance,
  stringValue,
  tag,
} from '../dicomweb/index.js';
import {
  EventType,
  newUid,
  stateOf,
  upsTag,
  type WorkItem,
  type WorkItemList,
} from './workItems.js';

/**
 * The platform's own performer for the reference services (IHE AIW-I: the "task performer"):
 * it claims each new work item whose Scheduled Workitem Code names a catalog service, runs the
 * service on the inputs the item references, stores the result objects for WADO-RS, lists them
 * in the Output Information Sequence, and completes the item; on failure it cancels the item
 * with a reason. Inputs are deleted as soon as the item ends.
 *
 * The analysis runs in a child process (`mitate-platform analyze`), one at a time, so a
 * seconds-long computation never blocks the HTTP event loop and a crash in it cannot take the
 * server down.
 */
export interface PerformerOptions {
  workItems: WorkItemList;
  store: InstanceStore;
  /** Scratch folder for job inputs (hard links) and outputs; inside the store's folder tree. */
  jobsFolder: string;
  /** The command that runs `analyze`: e.g. [node, dist/platform/cli.js]. */
  analyzeCommand: string[];
  baseUrl: string;
}

function codeOf(item: WorkItem): { value: string; scheme: string } | undefined {
  const [code] = sequenceItems(item.dataset, upsTag.scheduledWorkitemCodeSequence);
  const value = stringValue(code, upsTag.codeValue);
  const scheme = stringValue(code, upsTag.codingSchemeDesignator);
  return value === undefined || scheme === undefined ? undefined : { value, scheme };
}

/** The stored instances a work item's Input Information Sequence (0040,4021) points at. */
export function inputsOf(item: WorkItem, store: InstanceStore): StoredInstance[] {
  const found = new Map<string, StoredInstance>();
  for (const reference of sequenceItems(item.dataset, upsTag.inputInformationSequence)) {
    const studyUid = stringValue(reference, tag.studyInstanceUid);
    const seriesUid = stringValue(reference, tag.seriesInstanceUid);
    if (studyUid === undefined) continue;
    const sops = new Set(
      sequenceItems(reference, tag.referencedSopSequence).map((sop) =>
        stringValue(sop, tag.referencedSopInstanceUid),
      ),
    );
    for (const instance of store.find(item.owner, { studyUid, seriesUid })) {
      if (instance.role !== 'input') continue;
      if (sops.size > 0 && !sops.has(instance.header.sopInstanceUid)) continue;
      found.set(instance.header.sopInstanceUid, instance);
    }
  }
  return [...found.values()];
}

class AnalysisFailed extends Error {}

export class ReferencePerformer {
  private queue: Promise<void> = Promise.resolve();
  private readonly cancelRequested = new Set<string>();
  private readonly running = new Map<string, () => void>();

  constructor(private readonly options: PerformerOptions) {
    options.workItems.on('created', (item) => {
      const code = codeOf(item);
      const service =
        code === undefined ? undefined : serviceForWorkitemCode(code.value, code.scheme);
      // A job that fails in an unexpected way must not stop the queue for the ones after it.
      if (service !== undefined)
        this.queue = this.queue.then(() => this.perform(item, service)).catch(() => undefined);
    });
    options.workItems.on('event', (event) => {
      const type = event.report[upsTag.eventTypeId]?.Value?.[0];
      if (type !== EventType.cancelRequested) return;
      this.cancelRequested.add(event.workItemUid);
      this.running.get(event.workItemUid)?.();
    });
  }

  /** Resolves when every queued job has ended (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async perform(item: WorkItem, service: CatalogService): Promise<void> {
    const { workItems, store } = this.options;
    if (stateOf(item) !== 'SCHEDULED') return;
    const transactionUid = newUid();
    workItems.changeState(item, 'IN PROGRESS', transactionUid);
    const jobFolder = join(this.options.jobsFolder, randomUUID());
    const inputs = inputsOf(item, store);
    try {
      if (inputs.length === 0) throw new AnalysisFailed('no input instances');
      const inFolder = join(jobFolder, 'in');
      const outFolder = join(jobFolder, 'out');
      await mkdir(inFolder, { recursive: true, mode: 0o700 });
      await mkdir(outFolder, { recursive: true, mode: 0o700 });
      for (const [index, instance] of inputs.entries())
        await link(instance.file, join(inFolder, `${String(index).padStart(5, '0')}.dcm`));
      workItems.update(item, progress(10, 'analysis started'), transactionUid);
      await this.analyze(item.uid, service, inFolder, outFolder);
      if (this.cancelRequested.has(item.uid)) throw new AnalysisFailed('canceled on request');
      const outputs = await this.storeOutputs(item, outFolder);
      workItems.update(
        item,
        {
          ...progress(100, 'analysis finished'),
          [upsTag.performedProcedureSequence]: sequence({
            [upsTag.outputInformationSequence]: sequence(
              ...outputReferences(outputs, this.options.baseUrl),
            ),
          }),
        },
        transactionUid,
      );
      workItems.changeState(item, 'COMPLETED', transactionUid);
    } catch (error) {
      const reason = error instanceof AnalysisFailed ? error.message : 'analysis failed';
      if (stateOf(item) === 'IN PROGRESS') {
        workItems.update(
          item,
          { [upsTag.reasonForCancellation]: attribute('LT', reason) },
          transactionUid,
        );
        workItems.changeState(item, 'CANCELED', transactionUid);
      }
      await store.delete(store.resultsOf(item.uid));
    } finally {
      this.cancelRequested.delete(item.uid);
      await store.delete(inputs);
      await rm(jobFolder, { recursive: true, force: true });
    }
  }

  private analyze(
    uid: string,
    service: CatalogService,
    inFolder: string,
    outFolder: string,
  ): Promise<void> {
    const [command, ...prefix] = this.options.analyzeCommand;
    if (command === undefined) return Promise.reject(new AnalysisFailed('no analyze command'));
    return new Promise((resolve, reject) => {
      // stdout/stderr are not kept: even pseudonymized data has no place in the platform's logs.
      const child = spawn(
        command,
        [...prefix, 'analyze', '--service', service.id, '--in', inFolder, '--out', outFolder],
        { stdio: 'ignore' },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), service.turnaround.maxSeconds * 1000);
      this.running.set(uid, () => child.kill('SIGKILL'));
      child.once('error', () => reject(new AnalysisFailed('analysis could not start')));
      child.once('exit', (code) => {
        clearTimeout(timer);
        this.running.delete(uid);
        if (code === 0) resolve();
        else
          reject(
            new AnalysisFailed(
              this.cancelRequested.has(uid) ? 'canceled on request' : 'analysis failed',
            ),
          );
      });
    });
  }

  private async storeOutputs(item: WorkItem, outFolder: string): Promise<StoredInstance[]> {
    const outputs: StoredInstance[] = [];
    for (const name of (await readdir(outFolder)).sort()) {
      if (name.endsWith('.json')) continue;
      const outcome = await this.options.store.store(
        await readFile(join(outFolder, name)),
        item.owner,
        'result',
        item.uid,
      );
      if (outcome.ok) outputs.push(outcome.instance);
    }
    if (outputs.length === 0) throw new AnalysisFailed('no result objects');
    return outputs;
  }
}

function progress(percent: number, description: string): DicomJsonDataset {
  return {
    [upsTag.progressInformationSequence]: sequence({
      [upsTag.procedureStepProgress]: attribute('DS', percent),
      [upsTag.procedureStepProgressDescription]: attribute('ST', description),
    }),
  };
}

/** Output Information Sequence items (PS3.4 Table CC.2.5-3), one per result series, with WADO-RS URLs. */
function outputReferences(outputs: StoredInstance[], baseUrl: string): DicomJsonDataset[] {
  const bySeries = new Map<string, StoredInstance[]>();
  for (const output of outputs)
    bySeries.set(output.header.seriesInstanceUid, [
      ...(bySeries.get(output.header.seriesInstanceUid) ?? []),
      output,
    ]);
  return [...bySeries.values()].map((series) => {
    const h = series[0]!.header;
    return {
      [tag.studyInstanceUid]: attribute('UI', h.studyInstanceUid),
      [tag.seriesInstanceUid]: attribute('UI', h.seriesInstanceUid),
      [tag.retrieveUrl]: attribute(
        'UR',
        `${baseUrl}/studies/${h.studyInstanceUid}/series/${h.seriesInstanceUid}`,
      ),
      [tag.referencedSopSequence]: sequence(
        ...series.map((output) => ({
          [tag.referencedSopClassUid]: attribute('UI', output.header.sopClassUid),
          [tag.referencedSopInstanceUid]: attribute('UI', output.header.sopInstanceUid),
        })),
      ),
    };
  });
}
