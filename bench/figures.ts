// What every benchmark is handed by bench/run.ts: the repository root and `print`, which writes
// one figure as one JSON line.

export type Print = (
  name: string,
  value: number,
  unit: string,
  extra?: Record<string, unknown>,
) => void;

export interface BenchContext {
  root: string;
  print: Print;
}

/** A feature's benchmark: the default export of bench/<feature>.bench.ts. */
export type FeatureBench = (context: BenchContext) => Promise<void>;

/** `print` rounding each figure to `decimals` places. */
export function printer(decimals: number): Print {
  return (name, value, unit, extra = {}) =>
    console.log(JSON.stringify({ name, value: Number(value.toFixed(decimals)), unit, ...extra }));
}

/** The middle value (the upper one of an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}
