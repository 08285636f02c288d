// The reference aneurysm service's figures. All of them are measured on synthetic
// TOF-MRA phantoms (platform/phantom), never on patient data; real-data detectors are not
// comparable to these numbers.
//   aneurysm.analyze_s     one 512x512x160 phantom (0.5 mm voxels, 160 files): read the DICOM
//                          files, detect, write SEG + SR + findings.json; median of 3 runs
//   aneurysm.sensitivity   50 phantoms, seeds 1000-1049 (the detector was tuned on seeds 1-40
//                          only), 224x224x140 voxels of 0.5 mm (the timing phantom's resolution
//                          in a smaller field of view, so the run takes minutes, not an hour),
//                          built in memory; a true aneurysm counts as found when a reported
//                          candidate's centre lies within its radius + 2 mm
//   aneurysm.fp_per_case   reported candidates matching no true aneurysm, per phantom
// Run alone: node scripts/node22.mjs bench/aneurysm.bench.ts [timing|quality] (after `npm run build`)
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
/* eslint-disable no-restricted-imports -- the benchmark measures the platform's own code (types only; esbuild bundles the modules) */
import type * as phantomModule from '../platform/phantom/generatePhantom.js';
import type * as serviceModule from '../platform/services/runService.js';
import type * as detectorModule from '../platform/services/aneurysm/detectAneurysms.js';
/* eslint-enable no-restricted-imports */
import { printer, type BenchContext, type Print } from './figures.ts';
import { loadModules } from './loadModules.ts';

type Modules = typeof phantomModule & typeof serviceModule & typeof detectorModule;
type TrueAneurysm = phantomModule.PhantomTruth['aneurysms'][number];

const TEST_SEEDS = Array.from({ length: 50 }, (_, n) => 1000 + n);
const TIMING_SEED = 4242;

function bundle(root: string): Promise<Modules> {
  const entries = [
    'platform/phantom/generatePhantom.ts',
    'platform/services/runService.ts',
    'platform/services/aneurysm/detectAneurysms.ts',
  ];
  return loadModules(root, 'aneurysm', entries, process.env['MITATE_BENCH_OUT']);
}

async function timing({ generatePhantom, runService }: Modules, print: Print): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'mitate-bench-aneurysm-'));
  try {
    const input = join(work, 'in');
    const truth = await generatePhantom({ seed: TIMING_SEED, size: [512, 512, 160] }, input);
    const files = (await readdir(input)).map((f) => join(input, f));
    const runs: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      await runService('aneurysm-mra', files, join(work, `out-${run}`));
      runs.push((performance.now() - started) / 1000);
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / 1e6);
    }
    runs.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    print('aneurysm.analyze_s', runs[1]!, 's', {
      target: '<10',
      runs: runs.map((r) => Number(r.toFixed(2))),
      // Wall time depends on what else runs on the machine; CPU time (user + system, all
      // threads of this process) shows the work itself.
      cpu_s: cpu.map((r) => Number(r.toFixed(2))),
      load_average_1min: Number((await import('node:os')).loadavg()[0]!.toFixed(1)),
      phantom: `512x512x160, ${truth.spacing_mm.join('x')} mm, seed ${TIMING_SEED}`,
      note: 'synthetic phantom; read + detect + write SEG/SR/findings.json',
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function quality({ buildPhantom, detectAneurysms }: Modules, print: Print): Promise<void> {
  let aneurysms = 0;
  let found = 0;
  let falsePositives = 0;
  const missed: { seed: number; site: string; diameter_mm: number }[] = [];
  for (const seed of TEST_SEEDS) {
    const { geometry, voxels, truth } = buildPhantom({
      seed,
      size: [224, 224, 140],
      spacing: [0.5, 0.5, 0.5],
    });
    const candidates = detectAneurysms({ ...geometry, data: Float32Array.from(voxels) });
    const near = (c: detectorModule.AneurysmCandidate, a: TrueAneurysm): boolean =>
      Math.hypot(
        c.center[0] - a.center_mm[0],
        c.center[1] - a.center_mm[1],
        c.center[2] - a.center_mm[2],
      ) <=
      a.diameter_mm / 2 + 2;
    for (const a of truth.aneurysms) {
      aneurysms++;
      if (candidates.some((c) => near(c, a))) found++;
      else missed.push({ seed, site: a.site, diameter_mm: a.diameter_mm });
    }
    falsePositives += candidates.filter((c) => !truth.aneurysms.some((a) => near(c, a))).length;
  }
  const sensitivity = found / aneurysms;
  const perCase = falsePositives / TEST_SEEDS.length;
  const common = {
    seeds: '1000-1049 (tuned on 1-40)',
    phantom: '224x224x140 of 0.5 mm',
    note: 'measured on synthetic phantoms, not patient data',
  };
  print('aneurysm.sensitivity', sensitivity * 100, '%', {
    target: '>=95',
    ratio: Number(sensitivity.toFixed(3)),
    found,
    aneurysms,
    missed,
    ...common,
  });
  print('aneurysm.fp_per_case', perCase, 'FP/case', {
    target: '<=0.3',
    exact: Number(perCase.toFixed(3)),
    false_positives: falsePositives,
    cases: TEST_SEEDS.length,
    ...common,
  });
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const modules = await bundle(root);
  await timing(modules, print);
  await quality(modules, print);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const print = printer(2);
  const modules = await bundle(root);
  const only = process.argv[2];
  if (only !== 'quality') await timing(modules, print);
  if (only !== 'timing') await quality(modules, print);
}
