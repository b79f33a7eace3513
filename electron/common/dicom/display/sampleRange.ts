/** Smallest and largest sample ([0, 0] for none). */
export function rangeOf(samples: ArrayLike<number>): [number, number] {
  const r = widenRange(samples, 0, samples.length, [Infinity, -Infinity]);
  return r[0] <= r[1] ? r : [0, 0];
}

/** `range` widened by samples[from, to) (a volume's range is taken a chunk, or a slice, at a time). */
export function widenRange(samples: ArrayLike<number>, from: number, to: number, range: [number, number]): [number, number] {
  let [lo, hi] = range;
  for (let i = from; i < to; i++) {
    const v = samples[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
