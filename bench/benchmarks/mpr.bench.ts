import type { Benchmark, BenchmarkResult } from '../harness/benchmarkTypes';
import { launchChromium } from '../harness/chromiumSession';
import { summarize } from '../harness/stats';
// @ts-expect-error a plain ESM build script (also run on its own)
import { buildMprBenchPage } from '../mpr/buildMprBenchPage.mjs';

/** What the page measures (see bench/mpr/mprBenchPage.ts). */
interface PageResult {
  upload: { ours: number[]; raw: number[]; longTasksOurs: number[][] };
  mpr: { ours: number[]; bare: number[] };
  vr: { ours: number[]; bare: number[] };
  gpu: string;
  norm16: boolean;
  error?: string;
}

const PARAMS = { size: 512, slices: 300, mprFrames: 20, vrFrames: 3, rounds: 1 };

const runs = new Map<string, Promise<PageResult>>();

/** One page run serves the MPR and 3D benchmarks, another the upload (a 512×512×300 volume takes minutes in SwiftShader). */
function pageResult(parts: 'upload' | 'mpr'): Promise<PageResult> {
  let run = runs.get(parts);
  if (!run) runs.set(parts, (run = (async () => {
    const file = (await buildMprBenchPage()) as string;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 700 } });
      const result = new Promise<PageResult>((resolve) => page.on('console', (m) => m.text().startsWith('RESULT ') && resolve(JSON.parse(m.text().slice(7)) as PageResult)));
      const query = new URLSearchParams(Object.entries({ ...PARAMS, parts }).map(([k, v]) => [k, String(v)]));
      await page.goto(`file://${file}?${query}`);
      const r = await Promise.race([result, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the MPR bench page gave no result in 20 minutes')), 20 * 60_000))]);
      if (r.error) throw new Error(r.error);
      return r;
    } finally {
      await browser.close();
    }
  })()));
  return run;
}

const volumeText = `${PARAMS.size}×${PARAMS.size}×${PARAMS.slices} int16 CT-like volume`;

function compare(ours: ReturnType<typeof summarize>, peer: ReturnType<typeof summarize>, goal: number, notes: string[]): Omit<BenchmarkResult, 'machine' | 'finishedAt' | 'name' | 'description'> {
  const ratio = Math.round((ours.median / peer.median) * 100) / 100;
  return { ours, peer, ratio, ratioMeaning: 'lower is better: our median time ÷ the peer’s', goal: { ratio: goal, comparison: '<=', met: ratio <= goal }, notes };
}

export const mprFrameVsBareVtk: Benchmark = {
  name: 'mpr-frame-vs-bare-vtk',
  description: `1×3 MPR (axial, coronal, sagittal) of a ${volumeText}, 1500×500: frame time as the crosshair moves, Lightbox's views vs bare vtk.js reslice mappers`,
  async run() {
    const r = await pageResult('mpr');
    return {
      ...compare(summarize("Lightbox MPR (SharedRenderWindow + 3 MprPlaneView)", 'ms', r.mpr.ours), summarize('bare vtk.js: 3 renderers, vtkImageResliceMapper, same cameras and window', 'ms', r.mpr.bare), 1.1, [
        `GPU: ${r.gpu}; EXT_texture_norm16 ${r.norm16 ? 'available' : 'absent (vtk.js keeps 16-bit data as 32-bit float textures)'}`,
        'each frame: new crosshair (every plane redrawn), render, one-pixel readPixels so the GPU has finished; the first frame of each side (programs, texture) is not timed',
      ]),
      machineExtras: { gpu: r.gpu },
    };
  },
};

export const volumeRenderFrameVsBareVtk: Benchmark = {
  name: 'volume-render-frame-vs-bare-vtk',
  description: `3D (CT bone preset, shaded) of a ${volumeText}, 1500×500: frame time turning 3° per frame, Lightbox's VolumeRenderView vs bare vtk.js vtkVolumeMapper`,
  async run() {
    const r = await pageResult('mpr');
    return {
      ...compare(summarize('Lightbox VolumeRenderView at full quality', 'ms', r.vr.ours), summarize('bare vtk.js vtkVolumeMapper, same transfer functions, sample distance and camera', 'ms', r.vr.bare), 1.1, [
        `GPU: ${r.gpu}; SwiftShader ray-casts on the 2 CPU cores, so frames take seconds here; real-GPU figures for bare vtk.js are in ../shared/gpu/README.md`,
      ]),
      machineExtras: { gpu: r.gpu },
    };
  },
};

export const volumeUploadVsTexImage3D: Benchmark = {
  name: 'volume-upload-vs-teximage3d',
  description: `a ${volumeText}: from the block's bytes to the first drawn 1×3 MPR (image, texture upload, draw) vs one raw texImage3D of the same bytes (R16I)`,
  async run() {
    const r = await pageResult('upload');
    const longest = Math.max(...r.upload.longTasksOurs.flat(), 0);
    return {
      ...compare(summarize('Lightbox: volume assembled in chunks, texture sent in slabs, 1×3 MPR drawn (programs compiled before)', 'ms', r.upload.ours), summarize('raw WebGL2 texImage3D R16I + readPixels', 'ms', r.upload.raw), 1.3, [
        `GPU: ${r.gpu}; EXT_texture_norm16 ${r.norm16 ? 'available: vtk.js uploads the int16 samples unchanged (R16_SNORM)' : 'absent: vtk.js converts the int16 samples to a 32-bit float texture (a CPU pass and twice the bytes) — the documented fallback'}`,
        `main-thread long tasks during our assembly + upload: ${r.upload.longTasksOurs.map((l) => l.map((d) => Math.round(d)).join('+') || 'none').join(' / ')} ms (longest ${Math.round(longest)} ms; goal < 50 ms: ${longest < 50 ? 'met' : 'not met'})`,
        'the peer sends the 16-bit samples once as an integer texture; we send floats where norm16 is absent (twice the bytes) and in slabs of about 25 ms each, the views filling in as they arrive',
      ]),
      machineExtras: { gpu: r.gpu },
    };
  },
};

export const mprBenchmarks: Benchmark[] = [mprFrameVsBareVtk, volumeRenderFrameVsBareVtk, volumeUploadVsTexImage3D];
