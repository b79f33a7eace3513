import { existsSync } from 'node:fs';
import path from 'node:path';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { FolderStudyCatalog } from './folderStudyCatalog';

export const DEMO_FOLDER = 'demo';

/**
 * The synthetic demo set (marked SYNTHETIC in patient name and study description), made on first
 * start in `<dataDir>/demo` and loaded, so that a new installation opens on something to read.
 */
export async function loadDemoCatalog(dataDir: string, presetName: string, log: (line: string) => void): Promise<FolderStudyCatalog> {
  const dir = path.join(dataDir, DEMO_FOLDER);
  if (!existsSync(path.join(dir, 'lightbox-phantom.json'))) {
    const preset = GENERATE_PRESETS[presetName];
    if (!preset) throw new Error(`unknown demo preset "${presetName}"`);
    log(`No studies yet: generating the synthetic demo set (${preset.description}) in ${dir}`);
    await generateSyntheticStudies({ outDir: dir, preset, seed: 'lightbox-demo' });
  }
  const { catalog, report } = await FolderStudyCatalog.scan(dir);
  log(`Demo set: ${report.instances} synthetic images loaded from ${dir}`);
  for (const r of report.rejected) log(`  skipped ${r.file}: ${r.reason}`);
  return catalog;
}
