import { existsSync } from 'node:fs';
import path from 'node:path';
import { importPaths } from '../cache/importPaths';
import type { StudyCache } from '../cache/studyCache';
import { GENERATE_PRESETS } from '../synthetic/generateSyntheticStudies';
import { startAppWorker } from '../runtime/startTsWorker';

export const DEMO_FOLDER = 'demo';

/**
 * On first start (an empty cache) the synthetic demo set — marked SYNTHETIC in patient name and
 * study description — is generated in `<dataDir>/demo` and imported, so that a new installation
 * opens on something to read. A cache that holds studies is left alone.
 */
export async function importDemoIfEmpty(cache: StudyCache, dataDir: string, presetName: string, log: (line: string) => void): Promise<void> {
  if (cache.index.counts().studies > 0) return;
  const dir = path.join(dataDir, DEMO_FOLDER);
  if (!existsSync(path.join(dir, 'lightbox-phantom.json'))) {
    const preset = GENERATE_PRESETS[presetName];
    if (!preset) throw new Error(`unknown demo preset "${presetName}"`);
    log(`Empty cache: generating the synthetic demo set (${preset.description}) in ${dir}`);
    await generateOnWorker(dir, presetName);
  }
  const report = await importPaths(cache, [dir]);
  log(`Demo set: ${report.stored} synthetic images imported into the cache`);
}

/** The generator on a worker thread. */
function generateOnWorker(outDir: string, presetName: string): Promise<void> {
  const worker = startAppWorker(new URL('./demoWorker.ts', import.meta.url), 'demoWorker', { workerData: { outDir, presetName } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the demo generator stopped with code ${code}`))));
  });
}
