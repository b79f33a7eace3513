import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../../electron/node/synthetic/generateSyntheticStudies';
import { listDicomFiles as listFiles } from '../../testing/node/listDicomFiles';
import { samplePath } from '../../testing/node/sharedSamples';

/** Generated inputs are kept between runs here (not in the repo). */
const DATA_ROOT = path.join(os.tmpdir(), 'lightbox-bench-data');


/** A generated 512×512 axial CT series of `slices` slices (made once, then reused). */
export function largeGeneratedCt(slices: number): Promise<string[]> {
  return generatedCt(512, slices);
}

/** A generated axial CT series, matrix × matrix × slices (made once, then reused). */
export async function generatedCt(matrix: number, slices: number): Promise<string[]> {
  const dir = path.join(DATA_ROOT, `ct-${matrix}x${matrix}x${slices}`);
  if (!existsSync(path.join(dir, 'lightbox-phantom.json'))) {
    await generateSyntheticStudies({
      outDir: dir,
      preset: GENERATE_PRESETS['chest-large']!,
      matrix,
      slices,
      onlySeries: ['axial-soft-thin'],
      currentOnly: true,
      seed: 'bench',
    });
  }
  return listFiles(dir);
}

/** The real chest CT in the shared samples: 2 × 64 slices, 512×512, implicit VR. */
export function sharedChestCt(): Promise<string[]> {
  return listFiles(samplePath('series/lungpetctdx-a0001-chest-ct'));
}
