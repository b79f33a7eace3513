import type { Measurement } from './benchmarkTypes';

/** Nearest-rank percentile of unsorted samples (p in 0..100). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(label: string, unit: string, samples: number[]): Measurement {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    label,
    unit,
    samples: samples.map(round),
    median: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    mean: round(mean),
  };
}

/** Runs `a` and `b` alternately so that machine noise hits both sides alike. */
export async function interleave(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[number[], number[]]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return [as, bs];
}
