// Mitate beside a peer tool, both run as a user runs them: each side a cold process started by
// its documented command, on the same input, its output written and then deleted the same way;
// the sides alternate (ABBA, so neither always runs on a warmer machine), several runs each, and
// one JSON line gives both medians and minima and the ratio. CPU time (user + system of the
// waited-for child, Linux) is less sensitive than wall time to other work on the machine.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { median, type Print } from './figures.ts';

export interface Side {
  tool: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Deleted after every run (not timed), so each run writes into nothing. */
  output?: string;
}

export interface Comparison {
  /** Figure name, e.g. `deid.cold_vs_gdcmanon`. */
  name: string;
  input: string;
  files: number;
  ours: Side;
  peer: Side;
  runs?: number;
}

/** CPU seconds of the waited-for children of this process (cutime + cstime), or undefined off Linux. */
function childrenCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ').pop()!.split(' ');
    // After "pid (comm) ", cutime and cstime are fields 14 and 15 (0-based), in USER_HZ ticks (100).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

interface Timing {
  seconds: number;
  cpuSeconds: number | undefined;
}

async function runOnce(side: Side): Promise<Timing> {
  const cpuBefore = childrenCpuSeconds();
  const start = performance.now();
  const result = spawnSync(side.command, side.args, {
    env: side.env ?? process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = childrenCpuSeconds();
  if (result.error !== undefined || result.status !== 0)
    throw new Error(
      `${side.tool} failed (${result.status ?? result.error?.message}): ${String(result.stderr).slice(0, 300)}`,
    );
  if (side.output !== undefined) await rm(side.output, { recursive: true, force: true });
  return {
    seconds,
    cpuSeconds:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

function summary(timings: readonly Timing[]) {
  const seconds = timings.map((timing) => timing.seconds);
  const cpu = timings.flatMap((timing) =>
    timing.cpuSeconds === undefined ? [] : [timing.cpuSeconds],
  );
  return {
    median_s: Number(median(seconds).toFixed(3)),
    min_s: Number(Math.min(...seconds).toFixed(3)),
    ...(cpu.length > 0 ? { cpu_median_s: Number(median(cpu).toFixed(3)) } : {}),
    runs_s: seconds.map((value) => Number(value.toFixed(3))),
  };
}

/** Runs the comparison and prints it: value is Mitate's median time over the peer's (below 1, Mitate is faster). */
export async function compareCold(print: Print, comparison: Comparison): Promise<void> {
  const runs = comparison.runs ?? 5;
  const ours: Timing[] = [];
  const peer: Timing[] = [];
  // One unmeasured run of each: the first read of the input and of each program's files.
  await runOnce(comparison.ours);
  await runOnce(comparison.peer);
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const which of order)
      if (which === 'ours') ours.push(await runOnce(comparison.ours));
      else peer.push(await runOnce(comparison.peer));
  }
  const oursSummary = summary(ours);
  const peerSummary = summary(peer);
  print(comparison.name, oursSummary.median_s / peerSummary.median_s, 'x', {
    meaning: `mitate time / ${comparison.peer.tool} time, median of ${runs} cold runs each (below 1: faster)`,
    min_ratio: Number((oursSummary.min_s / peerSummary.min_s).toFixed(2)),
    input: comparison.input,
    files: comparison.files,
    mitate: { command: commandLine(comparison.ours), ...oursSummary },
    [comparison.peer.tool]: { command: commandLine(comparison.peer), ...peerSummary },
  });
}

/** The command as a user types it, with the benchmark's temporary paths shortened. */
function commandLine(side: Side): string {
  return [side.command.split('/').pop() ?? side.command, ...side.args]
    .map((part) => part.replace(/^.*\/(mitate-bench-[^/]*)\//, '<tmp>/'))
    .join(' ');
}
