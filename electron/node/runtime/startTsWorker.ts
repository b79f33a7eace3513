import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Starts a worker whose entry is a TypeScript module (run through tsx, as the CLI runs). */
export function startTsWorker(entry: URL, options: { workerData?: Record<string, unknown>; resourceLimits?: ResourceLimits } = {}): Worker {
  return new Worker(new URL('./tsWorkerBootstrap.mjs', import.meta.url), {
    workerData: { ...options.workerData, tsEntry: entry.href },
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
}
