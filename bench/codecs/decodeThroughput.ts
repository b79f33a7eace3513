/** Decoded MB/s of a set of encoded frames, one thread or through the decoder pool (codec benchmarks, here and on a lent machine). */
import type { DecodeRequest } from '../../native-codecs/common/decodeTypes';
import { decodeFrame } from '../../native-codecs/node/decodeFrame';
import type { ImagingPool } from '../../electron/node/imaging/imagingPool';
import type { Measurement } from '../harness/benchmarkTypes';
import { interleave, summarize } from '../harness/stats';
import { fileFrameRequest } from '../../electron/node/imaging/decodeFileFrame';

/** Each sample decodes every frame this many times: long enough to measure, JIT warm. */
export const PASSES = 4;

export function requestsFor(files: string[]): Promise<DecodeRequest[]> {
  return Promise.all(files.map((file) => fileFrameRequest(file)));
}

export const decodedMb = (requests: DecodeRequest[]): number => requests.reduce((n, r) => n + r.format.rows * r.format.columns * r.format.samplesPerPixel * Math.ceil(r.format.bitsAllocated / 8), 0) / 2 ** 20;

export async function oursSingleThread(requests: DecodeRequest[]): Promise<number> {
  const copies = Array.from({ length: PASSES }, () => requests.map((r) => r.bytes.slice()));
  const t0 = performance.now();
  for (const pass of copies) for (const [i, r] of requests.entries()) await decodeFrame({ ...r, bytes: pass[i]! });
  return (PASSES * decodedMb(requests)) / ((performance.now() - t0) / 1000);
}

/** Through the host's imaging pool, as a volume build decodes its slices (`samples` out, with their range). */
export async function oursPool(pool: ImagingPool, requests: DecodeRequest[]): Promise<number> {
  const copies = Array.from({ length: PASSES }, () => requests.map((r) => r.bytes.slice()));
  const t0 = performance.now();
  // Results are dropped as they arrive, as in the one-thread loop (holding them all would only measure GC).
  await Promise.all(copies.flatMap((pass) => requests.map((r, i) => pool.decode({ ...r, bytes: pass[i]!, output: 'samples' }).then(() => undefined))));
  return (PASSES * decodedMb(requests)) / ((performance.now() - t0) / 1000);
}

/**
 * The frames repeated until one sample takes about `targetMs` with one worker: fast codecs (RLE,
 * JPEG lossless) would otherwise be timed over ~100 ms of work, where one collection or one
 * scheduling hiccup of this shared machine moves a sample by half.
 */
export async function repeatedForSample(narrow: ImagingPool, frames: DecodeRequest[], targetMs = 1500): Promise<DecodeRequest[]> {
  await oursPool(narrow, frames); // cold: code still compiling
  const t0 = performance.now();
  await oursPool(narrow, frames);
  const repeat = Math.max(1, Math.round(targetMs / (performance.now() - t0)));
  return Array.from({ length: repeat }, () => frames).flat();
}

/** Speed-up of a wide pool over a one-worker pool on the same frames: warmed twice, then `rounds` alternating samples each. */
export async function poolScaling(wide: ImagingPool, narrow: ImagingPool, requests: DecodeRequest[], rounds: number): Promise<{ ours: Measurement; peer: Measurement; ratio: number }> {
  for (let k = 0; k < 2; k++) {
    await oursPool(wide, requests);
    await oursPool(narrow, requests);
  }
  const [w, n] = await interleave(rounds, () => oursPool(wide, requests), () => oursPool(narrow, requests));
  const ours = summarize(`imaging pool, ${wide.size} workers`, 'MB/s', w);
  const peer = summarize('imaging pool, 1 worker', 'MB/s', n);
  return { ours, peer, ratio: Math.round((ours.median / peer.median) * 100) / 100 };
}
