// Medians and quantiles for the benchmarks: linear interpolation between the two nearest samples.
export const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * p;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};
export const med = (xs) => q(xs, 0.5);
export const ms = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
