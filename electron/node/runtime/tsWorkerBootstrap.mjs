// Worker entry for TypeScript workers when running from the checkout: registers tsx inside the
// worker (loader hooks are per thread in Node 20), then loads the real entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.tsEntry);
