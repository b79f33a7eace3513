import { Worker } from 'node:worker_threads';
import { DecoderPool } from '../../../native-codecs/node/decoderPool';
import { runsFromSources } from '../runtime/appLayout';
import { startTsWorker } from '../runtime/startTsWorker';
import type { ImagingRequest, ImagingResult } from './imagingTask';

/** The host's decoding threads: every frame decode, display conversion and thumbnail goes through them. */
export type ImagingPool = DecoderPool<ImagingRequest, ImagingResult>;

/**
 * Starts a worker of this folder by its name: in a build the bundled `NAME.mjs` beside this code
 * (build/build.mjs emits every worker entry into the same folder as the bundles that start
 * them), from the checkout the TypeScript source through tsx.
 */
export function startImagingWorker(name: 'imagingWorker' | 'decoderWorker'): Worker {
  if (!runsFromSources) return new Worker(new URL(`./${name}.mjs`, import.meta.url));
  const source = name === 'imagingWorker' ? new URL('./imagingWorker.ts', import.meta.url) : new URL('../../../native-codecs/node/decoderWorker.ts', import.meta.url);
  return startTsWorker(source);
}

/** `size` defaults to the machine's available parallelism (one worker per core). */
export function createImagingPool(options: { size?: number; taskTimeoutMs?: number } = {}): ImagingPool {
  return new DecoderPool<ImagingRequest, ImagingResult>({ ...options, createWorker: () => startImagingWorker('imagingWorker') });
}

/** A pool of plain decoder workers (decoded samples back, nothing more), for the codec benchmarks and tests. */
export function createDecoderPool(options: { size?: number; taskTimeoutMs?: number } = {}): DecoderPool {
  return new DecoderPool({ ...options, createWorker: () => startImagingWorker('decoderWorker') });
}
