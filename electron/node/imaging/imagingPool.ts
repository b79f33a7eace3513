import type { Worker } from 'node:worker_threads';
import { DecoderPool } from '../../../native-codecs/node/decoderPool';
import { startAppWorker } from '../runtime/startTsWorker';
import type { ImagingRequest, ImagingResult } from './imagingTask';

/** The host's decoding threads: every frame decode, display conversion and thumbnail goes through them. */
export type ImagingPool = DecoderPool<ImagingRequest, ImagingResult>;

const WORKER_SOURCES = {
  imagingWorker: new URL('./imagingWorker.ts', import.meta.url),
  decoderWorker: new URL('../../../native-codecs/node/decoderWorker.ts', import.meta.url),
};

/** Starts an imaging worker (the host's) or a plain decoder worker, from sources or the build. */
export function startImagingWorker(name: keyof typeof WORKER_SOURCES): Worker {
  return startAppWorker(WORKER_SOURCES[name], name);
}

/** `size` defaults to the machine's available parallelism (one worker per core). */
export function createImagingPool(options: { size?: number; taskTimeoutMs?: number } = {}): ImagingPool {
  return new DecoderPool<ImagingRequest, ImagingResult>({ ...options, createWorker: () => startImagingWorker('imagingWorker') });
}

/** A pool of plain decoder workers (decoded samples back, nothing more), for the codec benchmarks and tests. */
export function createDecoderPool(options: { size?: number; taskTimeoutMs?: number } = {}): DecoderPool {
  return new DecoderPool({ ...options, createWorker: () => startImagingWorker('decoderWorker') });
}
