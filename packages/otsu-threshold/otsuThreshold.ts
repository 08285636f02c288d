/** Otsu's threshold (1979) over a 256-bin histogram. */
export function otsuThreshold(values: ArrayLike<number>, mask?: Uint8Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    if (mask && !mask[index]) continue;
    const value = values[index]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!(max > min)) return min;
  const bins = new Float64Array(256);
  const scale = 255 / (max - min);
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    if (mask && !mask[index]) continue;
    bins[Math.floor((values[index]! - min) * scale)]!++;
    count++;
  }
  let sum = 0;
  for (let bin = 0; bin < 256; bin++) sum += bin * bins[bin]!;
  let weightBackground = 0;
  let sumBackground = 0;
  let best = 0;
  let bestBin = 0;
  for (let bin = 0; bin < 256; bin++) {
    weightBackground += bins[bin]!;
    if (weightBackground === 0) continue;
    const weightForeground = count - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += bin * bins[bin]!;
    const meanBackground = sumBackground / weightBackground;
    const meanForeground = (sum - sumBackground) / weightForeground;
    const between = weightBackground * weightForeground * (meanBackground - meanForeground) ** 2;
    if (between > best) {
      best = between;
      bestBin = bin;
    }
  }
  return min + (bestBin + 0.5) / scale;
}
