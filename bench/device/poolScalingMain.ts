/**
 * The decoder pool's scaling on a machine with real cores (a lent device machine; this VM's two
 * vCPUs give even two native gdcmconv processes only 1.37×, see machine-parallel-ceiling):
 * decoded MB/s with N workers against 1 worker, same frames, same pool code. Bundled with its
 * worker by buildPoolScalingBundle.mjs; run under `taskset -c 0,1` for "2 cores".
 * usage: node main.mjs DATA-DIR N KEY… — prints `RESULT {json}`.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeFrame } from '../../native-codecs/node/decodeFrame';
import { createImagingPool } from '../../electron/node/imaging/imagingPool';
import { poolScaling, repeatedForSample, requestsFor } from '../codecs/decodeThroughput';

const [dataDir, workers, ...keys] = process.argv.slice(2);
if (!dataDir || !workers || keys.length === 0) throw new Error('usage: main.mjs DATA-DIR N KEY…');
const ROUNDS = 5;

const results: Record<string, unknown> = {};
for (const key of keys) {
  const dir = path.join(dataDir, key);
  const frames = await requestsFor(readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(dir, f)));
  const wide = createImagingPool({ size: Number(workers) });
  const narrow = createImagingPool({ size: 1 });
  try {
    const requests = await repeatedForSample(narrow, frames);
    const scaling = await poolScaling(wide, narrow, requests, ROUNDS);
    const backend = (await decodeFrame({ ...frames[0]!, bytes: frames[0]!.bytes.slice() })).backend;
    results[key] = { backend, frames: requests.length, ...scaling };
  } finally {
    await Promise.all([wide.close(), narrow.close()]);
  }
}
console.log(`RESULT ${JSON.stringify({ cores: os.availableParallelism(), cpu: os.cpus()[0]?.model, workers: Number(workers), results })}`);
