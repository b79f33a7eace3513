import { widenRange } from '../../common/viewing/typedSamples';

/** Work per task while a volume is prepared or uploaded: well under the 50 ms that makes a long task. */
const TASK_BUDGET_MS = 25;

/** Lets the browser run input, rendering and other tasks between chunks of work. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Smallest and largest value, in chunks that each fit a task. */
export async function rangeInChunks(samples: ArrayLike<number>): Promise<[number, number]> {
  let range: [number, number] = [Infinity, -Infinity];
  const chunk = 2 << 20;
  for (let start = 0; start < samples.length; start += chunk) {
    range = widenRange(samples, start, Math.min(samples.length, start + chunk), range);
    await nextTask();
  }
  return range[0] <= range[1] ? range : [0, 0];
}

/**
 * The samples as 32-bit floats, converted in chunks. Where the GPU has no 16-bit normalized
 * textures (EXT_texture_norm16), vtk.js would make this float copy itself in one go; made here it
 * never blocks the page.
 */
export async function floatsInChunks(samples: ArrayLike<number>): Promise<Float32Array> {
  const out = new Float32Array(samples.length);
  const chunk = 2 << 20;
  for (let start = 0; start < samples.length; start += chunk) {
    const end = Math.min(samples.length, start + chunk);
    for (let i = start; i < end; i++) out[i] = samples[i]!;
    await nextTask();
  }
  return out;
}

interface PendingUpload {
  texture: WebGLTexture;
  target: number;
  width: number;
  height: number;
  depth: number;
  format: number;
  type: number;
  pixels: ArrayBufferView & { subarray(begin: number, end: number): ArrayBufferView; length: number };
}

/**
 * Catches the next full upload of a `voxels`-sized 3D texture on `gl` (vtk.js creates the volume
 * texture in one texImage3D, or texStorage3D + one texSubImage3D — one long task for a CT):
 * the texture is allocated empty at once, and its slices are sent afterwards a slab per task,
 * `onSlab` called after each (draw again: the views fill in). Resolves when all is uploaded.
 */
export function uploadNextVolumeInSlabs(gl: WebGL2RenderingContext, voxels: number, onSlab: () => void): SlabUpload {
  const own = gl as WebGL2RenderingContext & Record<string, unknown>;
  const texImage3D = gl.texImage3D.bind(gl) as (...args: unknown[]) => void;
  const texSubImage3D = gl.texSubImage3D.bind(gl) as (...args: unknown[]) => void;
  const restore = () => {
    Reflect.deleteProperty(own, 'texImage3D');
    Reflect.deleteProperty(own, 'texSubImage3D');
  };
  let started = false;
  let cancel = () => undefined as void;
  const done = new Promise<void>((resolve, reject) => {
    cancel = () => {
      if (started) return;
      restore();
      resolve();
    };
    const start = (pending: PendingUpload) => {
      started = true;
      restore();
      void sendSlabs(gl, pending, texSubImage3D, onSlab).then(resolve, reject);
    };
    own.texImage3D = (...args: unknown[]) => {
      const [target, level, internalFormat, width, height, depth, border, format, type, pixels] = args as [number, number, number, number, number, number, number, number, number, PendingUpload['pixels'] | null];
      if (!pixels || width * height * depth !== voxels || args.length !== 10) return texImage3D(...args);
      texImage3D(target, level, internalFormat, width, height, depth, border, format, type, null);
      start({ texture: gl.getParameter(gl.TEXTURE_BINDING_3D) as WebGLTexture, target, width, height, depth, format, type, pixels });
    };
    own.texSubImage3D = (...args: unknown[]) => {
      const [target, , x, y, z, width, height, depth, format, type, pixels] = args as [number, number, number, number, number, number, number, number, number, number, PendingUpload['pixels'] | null];
      if (!pixels || x || y || z || width * height * depth !== voxels || args.length !== 11) return texSubImage3D(...args);
      start({ texture: gl.getParameter(gl.TEXTURE_BINDING_3D) as WebGLTexture, target, width, height, depth, format, type, pixels });
    };
  });
  return { done, started: () => started, cancel };
}

/** An upload waiting for (or sending) the volume texture. */
export interface SlabUpload {
  done: Promise<void>;
  started(): boolean;
  /** No upload came (the texture already existed): stop waiting. */
  cancel(): void;
}

async function sendSlabs(gl: WebGL2RenderingContext, p: PendingUpload, texSubImage3D: (...args: unknown[]) => void, onSlab: () => void): Promise<void> {
  const slice = p.width * p.height;
  let slices = Math.max(1, Math.floor((1 << 20) / slice));
  for (let z = 0; z < p.depth; ) {
    await nextTask();
    const n = Math.min(slices, p.depth - z);
    const bound = gl.getParameter(gl.TEXTURE_BINDING_3D) as WebGLTexture | null;
    const started = performance.now();
    gl.bindTexture(p.target, p.texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    texSubImage3D(p.target, 0, 0, 0, z, p.width, p.height, n, p.format, p.type, p.pixels.subarray(z * slice, (z + n) * slice));
    gl.bindTexture(p.target, bound);
    // Wait for it here, so the measured time is the upload's and the next draw does not pay for it.
    gl.finish();
    const took = performance.now() - started;
    z += n;
    // As many slices next time as fit the budget (this machine's upload speed, measured as it goes).
    slices = Math.max(1, Math.min(p.depth, Math.floor((n * TASK_BUDGET_MS) / Math.max(0.1, took))));
    onSlab();
  }
}
