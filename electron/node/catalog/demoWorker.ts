// Generates the synthetic demo set on a worker thread: making a few hundred phantom slices is
// seconds of computation, which on the host's own thread would leave every window waiting.
import { parentPort, workerData } from 'node:worker_threads';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';

const { outDir, presetName } = workerData as { outDir: string; presetName: string };
const preset = GENERATE_PRESETS[presetName];
if (!preset) throw new Error(`unknown demo preset "${presetName}"`);
await generateSyntheticStudies({ outDir, preset, seed: 'lightbox-demo' });
parentPort!.postMessage('done');
