import type { Benchmark } from '../harness/benchmarkTypes';
import { launchChromium } from '../harness/chromiumSession';
import { mprFrameComparison, volumeRenderComparison, volumeUploadComparison, type MprPageResult } from '../mpr/mprPageResult';
// @ts-expect-error a plain ESM build script (also run on its own)
import { buildMprBenchPage } from '../mpr/buildMprBenchPage.mjs';

const PARAMS = { size: 512, slices: 300, mprFrames: 20, vrFrames: 3, rounds: 1 };

const runs = new Map<string, Promise<MprPageResult>>();

/** One page run serves the MPR and 3D benchmarks, another the upload (a 512×512×300 volume takes minutes in SwiftShader). */
function pageResult(parts: 'upload' | 'mpr'): Promise<MprPageResult> {
  let run = runs.get(parts);
  if (!run) runs.set(parts, (run = (async () => {
    const file = (await buildMprBenchPage()) as string;
    const browser = await launchChromium();
    let timer: NodeJS.Timeout | undefined;
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 500 } });
      const result = new Promise<MprPageResult>((resolve) => page.on('console', (m) => m.text().startsWith('RESULT ') && resolve(JSON.parse(m.text().slice(7)) as MprPageResult)));
      const query = new URLSearchParams(Object.entries({ ...PARAMS, parts }).map(([k, v]) => [k, String(v)]));
      await page.goto(`file://${file}?${query}`);
      const r = await Promise.race([result, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the MPR bench page gave no result in 20 minutes')), 20 * 60_000)))]);
      if (r.error) throw new Error(r.error);
      return r;
    } finally {
      // A pending timer would keep the benchmark process alive for 20 minutes after its results.
      clearTimeout(timer);
      await browser.close();
    }
  })()));
  return run;
}

const volumeText = `${PARAMS.size}×${PARAMS.size}×${PARAMS.slices} int16 CT-like volume`;

export const mprFrameVsBareVtk: Benchmark = {
  name: 'mpr-frame-vs-bare-vtk',
  description: `1×3 MPR (axial, coronal, sagittal) of a ${volumeText}, 1500×500: frame time as the crosshair moves, Lightbox's views vs bare vtk.js reslice mappers`,
  async run() {
    const r = await pageResult('mpr');
    return { ...mprFrameComparison(r), machineExtras: { gpu: r.gpu } };
  },
};

export const volumeRenderFrameVsBareVtk: Benchmark = {
  name: 'volume-render-frame-vs-bare-vtk',
  description: `3D (CT bone preset, shaded) of a ${volumeText}, 1500×500: frame time turning 3° per frame, Lightbox's VolumeRenderView vs bare vtk.js vtkVolumeMapper`,
  async run() {
    const r = await pageResult('mpr');
    return { ...volumeRenderComparison(r), machineExtras: { gpu: r.gpu } };
  },
};

export const volumeUploadVsTexImage3D: Benchmark = {
  name: 'volume-upload-vs-teximage3d',
  description: `a ${volumeText}: from the block's bytes to the first drawn 1×3 MPR (image, texture upload, draw) vs one raw texImage3D of the same bytes (R16I)`,
  async run() {
    const r = await pageResult('upload');
    return { ...volumeUploadComparison(r), machineExtras: { gpu: r.gpu } };
  },
};

export const mprBenchmarks: Benchmark[] = [mprFrameVsBareVtk, volumeRenderFrameVsBareVtk, volumeUploadVsTexImage3D];
