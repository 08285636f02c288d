/**
 * Separable Gaussian smoothing with σ in mm per axis (three 1D passes, kernel truncated at 3σ,
 * edges clamped). One line buffer, no allocation per voxel.
 */
export function gaussianSmooth(
  data: Float32Array,
  dimensions: [number, number, number],
  spacing: [number, number, number],
  sigmaMm: number,
): Float32Array {
  const [nx, ny] = dimensions;
  const strides = [1, nx, nx * ny];
  let current = Float32Array.from(data);
  let next = new Float32Array(data.length);
  for (let axis = 0; axis < 3; axis++) {
    const sigma = sigmaMm / spacing[axis]!;
    if (sigma < 0.3) continue;
    const radius = Math.ceil(3 * sigma);
    const kernel = new Float64Array(2 * radius + 1);
    let sum = 0;
    for (let t = -radius; t <= radius; t++)
      sum += kernel[t + radius] = Math.exp(-(t * t) / (2 * sigma * sigma));
    for (let t = 0; t < kernel.length; t++) kernel[t] = kernel[t]! / sum;
    const n = dimensions[axis]!;
    const stride = strides[axis]!;
    const line = new Float64Array(n);
    const others = dimensions.filter((_, a) => a !== axis) as [number, number];
    const otherStrides = strides.filter((_, a) => a !== axis) as [number, number];
    for (let b = 0; b < others[1]; b++) {
      for (let a = 0; a < others[0]; a++) {
        const base = a * otherStrides[0] + b * otherStrides[1];
        for (let p = 0; p < n; p++) line[p] = current[base + p * stride]!;
        for (let p = 0; p < n; p++) {
          let acc = 0;
          for (let t = -radius; t <= radius; t++) {
            const q = p + t < 0 ? 0 : p + t >= n ? n - 1 : p + t;
            acc += kernel[t + radius]! * line[q]!;
          }
          next[base + p * stride] = acc;
        }
      }
    }
    [current, next] = [next, current];
  }
  return current;
}
