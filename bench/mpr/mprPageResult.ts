/**
 * What the MPR/3D bench page (mprBenchPage.ts) reports, and the three comparisons made from it —
 * shared by `npm run bench` (Chromium here) and the real-GPU record (gpuMprRecord.ts).
 */
import type { BenchmarkResult } from '../harness/benchmarkTypes';
import { summarize } from '../harness/stats';

export interface FrameSamples {
  ours: number[];
  bare: number[];
  /** The main thread's part of each frame (until it was issued to the GPU). */
  oursIssue: number[];
  bareIssue: number[];
}

export interface MprPageResult {
  upload: {
    ours: number[];
    raw: number[];
    longTasksOurs: number[][];
    /** Per round: [start, duration] ms since our upload began, and when each phase ended. */
    longTaskStartsOurs: Array<Array<[number, number]>>;
    phasesOurs: Array<{ assembled: number; firstDrawn: number; uploaded: number; drawn: number }>;
  };
  mpr: FrameSamples;
  vr: FrameSamples;
  gpu: string;
  norm16: boolean;
  /** The canvases' size, CSS px (the window's). */
  size: [number, number];
  error?: string;
}

export type Comparison = Omit<BenchmarkResult, 'machine' | 'finishedAt' | 'name' | 'description'>;

const median = (values: number[]): number => summarize('', 'ms', values).median;
const issueNote = (f: FrameSamples): string => `main thread per frame until issued to the GPU (median): ours ${median(f.oursIssue)} ms, bare ${median(f.bareIssue)} ms`;
const sizeNote = (r: MprPageResult): string => `canvases ${r.size.join('×')} (both sides)`;

function compare(ours: ReturnType<typeof summarize>, peer: ReturnType<typeof summarize>, goal: number, notes: string[]): Comparison {
  const ratio = Math.round((ours.median / peer.median) * 100) / 100;
  return { ours, peer, ratio, ratioMeaning: 'lower is better: our median time ÷ the peer’s', goal: { ratio: goal, comparison: '<=', met: ratio <= goal }, notes };
}

export function mprFrameComparison(r: MprPageResult): Comparison {
  return compare(summarize('Lightbox MPR (SharedRenderWindow + 3 MprPlaneView)', 'ms', r.mpr.ours), summarize('bare vtk.js: 3 renderers, vtkImageResliceMapper, same cameras and window', 'ms', r.mpr.bare), 1.1, [
    `GPU: ${r.gpu}; EXT_texture_norm16 ${r.norm16 ? 'available' : 'absent (vtk.js keeps 16-bit data as 32-bit float textures)'}; ${sizeNote(r)}`,
    'each frame: new crosshair (every plane redrawn), render, one-pixel readPixels so the GPU has finished; the first frame of each side (programs, texture) is not timed; the side drawn first alternates between rounds',
    issueNote(r.mpr),
  ]);
}

export function volumeRenderComparison(r: MprPageResult): Comparison {
  return compare(summarize('Lightbox VolumeRenderView at full quality', 'ms', r.vr.ours), summarize('bare vtk.js vtkVolumeMapper, same transfer functions, sample distance and camera', 'ms', r.vr.bare), 1.1, [
    `GPU: ${r.gpu}; ${sizeNote(r)}`,
    issueNote(r.vr),
  ]);
}

/** Long tasks per round: those while the volume is assembled and sent (the goal), and those of the closing timed draw. */
function longTasksByPhase(upload: MprPageResult['upload']): { during: number[][]; closing: number[][] } {
  const rounds = upload.longTaskStartsOurs.map((tasks, i) => ({ tasks, uploaded: upload.phasesOurs[i]?.uploaded ?? Infinity }));
  return {
    during: rounds.map(({ tasks, uploaded }) => tasks.filter(([start]) => start < uploaded).map(([, d]) => d)),
    closing: rounds.map(({ tasks, uploaded }) => tasks.filter(([start]) => start >= uploaded).map(([, d]) => d)),
  };
}

export function volumeUploadComparison(r: MprPageResult): Comparison {
  const { during, closing } = longTasksByPhase(r.upload);
  const longest = Math.max(...during.flat(), 0);
  const listed = (rounds: number[][]): string => rounds.map((l) => l.join('+') || 'none').join(' / ');
  return compare(summarize('Lightbox: volume assembled in chunks, texture sent in slabs, 1×3 MPR drawn (programs compiled before)', 'ms', r.upload.ours), summarize('raw WebGL2 texImage3D R16I + readPixels', 'ms', r.upload.raw), 1.3, [
    `GPU: ${r.gpu}; EXT_texture_norm16 ${r.norm16 ? 'available: vtk.js uploads the int16 samples unchanged (R16_SNORM)' : 'absent: vtk.js converts the int16 samples to a 32-bit float texture (a CPU pass and twice the bytes) — the documented fallback'}`,
    `main-thread long tasks during our assembly + upload: ${listed(during)} ms (longest ${Math.round(longest)} ms; goal < 50 ms: ${longest < 50 ? 'met' : 'not met'}); the benchmark's closing draw, waited for with a readPixels the app does not make: ${listed(closing)} ms`,
    `phases, ms since the start (assembled / first draw issued / all slabs sent / drawn and read back): ${r.upload.phasesOurs.map((p) => `${p.assembled} / ${p.firstDrawn} / ${p.uploaded} / ${p.drawn}`).join(', ')}`,
    'the sample range comes with the block (taken by the host as it builds it), so nothing scans the volume; slabs of about 20 ms each, at most two queued on the GPU, waited for by fences polled between tasks (the page never blocks on the GPU); the views fill in as slabs arrive',
  ]);
}
