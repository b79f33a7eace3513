import { Worker, type ResourceLimits } from 'node:worker_threads';
import { runsFromSources } from './appLayout';

/** Starts a worker whose entry is a TypeScript module (run through tsx, as the CLI runs). */
export function startTsWorker(entry: URL, options: { workerData?: Record<string, unknown>; resourceLimits?: ResourceLimits } = {}): Worker {
  return new Worker(new URL('./tsWorkerBootstrap.mjs', import.meta.url), {
    workerData: { ...options.workerData, tsEntry: entry.href },
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
}

/**
 * Starts one of the app's worker threads: from the checkout its TypeScript `source` through tsx,
 * in a build its bundle `bundled.mjs` — build/build.mjs emits every worker entry flat into
 * out/node/, beside this code.
 */
export function startAppWorker(source: URL, bundled: string, options: { workerData?: Record<string, unknown> } = {}): Worker {
  if (runsFromSources) return startTsWorker(source, options);
  return new Worker(new URL(`./${bundled}.mjs`, import.meta.url), options);
}
