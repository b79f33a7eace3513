import type { Benchmark } from '../harness/benchmarkTypes';
import { launchChromium } from '../harness/chromiumSession';
import { summarize } from '../harness/stats';
// @ts-expect-error a plain ESM build script (also run on its own)
import { buildPetMipBenchPage } from '../pet/buildPetMipBenchPage.mjs';

const PARAMS = { matrix: 192, slices: 160, frames: 12, rounds: 2 };
const VIEW = { width: 600, height: 800 };

interface PetMipPageResult {
  ours: number[];
  bare: number[];
  oursIssue: number[];
  bareIssue: number[];
  gpu: string;
  size: [number, number];
  volume: [number, number, number];
  error?: string;
}

async function pageResult(): Promise<PetMipPageResult> {
  const file = (await buildPetMipBenchPage()) as string;
  const browser = await launchChromium();
  let timer: NodeJS.Timeout | undefined;
  try {
    const page = await browser.newPage({ viewport: VIEW });
    const result = new Promise<PetMipPageResult>((resolve) => page.on('console', (m) => m.text().startsWith('RESULT ') && resolve(JSON.parse(m.text().slice(7)) as PetMipPageResult)));
    const query = new URLSearchParams(Object.entries(PARAMS).map(([k, v]) => [k, String(v)]));
    await page.goto(`file://${file}?${query}`);
    const r = await Promise.race([result, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the PET MIP bench page gave no result in 15 minutes')), 15 * 60_000)))]);
    if (r.error) throw new Error(r.error);
    return r;
  } finally {
    // A pending timer would keep the benchmark process alive after its results.
    clearTimeout(timer);
    await browser.close();
  }
}

const median = (values: number[]): number => summarize('', 'ms', values).median;

export const petMipRotationVsBareVtk: Benchmark = {
  name: 'pet-mip-rotation-vs-bare-vtk',
  description: `rotating PET MIP of a ${PARAMS.matrix}×${PARAMS.matrix}×${PARAMS.slices} float SUV volume (the PET/CT reference object), ${VIEW.width}×${VIEW.height}: frame time turning 10° per frame, Lightbox's PetMipView vs bare vtk.js vtkVolumeMapper MIP`,
  async run() {
    const r = await pageResult();
    const ours = summarize('Lightbox PetMipView (SharedRenderWindow, as PetMipCell draws it)', 'ms', r.ours);
    const peer = summarize('bare vtk.js: one renderer, vtkVolumeMapper maximum-intensity blend, same volume, transfer functions, sample distance and parallel camera', 'ms', r.bare);
    const ratio = Math.round((ours.median / peer.median) * 100) / 100;
    return {
      ours,
      peer,
      ratio,
      ratioMeaning: 'lower is better: our median time ÷ the peer’s',
      goal: { ratio: 1.1, comparison: '<=', met: ratio <= 1.1 },
      notes: [
        `GPU: ${r.gpu}; canvases ${r.size.join('×')} (both sides); volume ${r.volume.join('×')} float32`,
        `each frame: the camera turns 10° about the head–foot axis, render, one-pixel readPixels so the GPU has finished; the first frame of each side (programs, texture) is not timed; ${PARAMS.rounds} rounds of ${PARAMS.frames} frames, the side drawn first alternating`,
        `main thread per frame until issued to the GPU (median): ours ${median(r.oursIssue)} ms, bare ${median(r.bareIssue)} ms`,
        `cine target ≥ 10 fps: ours ${Math.round(1000 / ours.median)} fps at the median frame on this machine`,
      ],
      machineExtras: { gpu: r.gpu },
    };
  },
};
