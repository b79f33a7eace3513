import { nextTask, TASK_BUDGET_MS } from './chunkedWork';

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

/** Slabs queued on the GPU at most: the GPU never waits for the page, and the page never waits on the GPU. */
const SLABS_IN_FLIGHT = 2;

async function sendSlabs(gl: WebGL2RenderingContext, p: PendingUpload, texSubImage3D: (...args: unknown[]) => void, onSlab: () => void): Promise<void> {
  const slice = p.width * p.height;
  let slices = Math.max(1, Math.floor((1 << 20) / slice));
  // The empty texture is allocated first (SwiftShader zero-fills it for about a second): a slab
  // sent meanwhile would block the page until the GPU process took it.
  const inFlight: Array<WebGLSync | null> = [fence(gl)];
  for (let z = 0; z < p.depth; ) {
    await nextTask();
    while (inFlight.length >= SLABS_IN_FLIGHT) await completed(gl, inFlight.shift()!);
    const n = Math.min(slices, p.depth - z);
    const bound = gl.getParameter(gl.TEXTURE_BINDING_3D) as WebGLTexture | null;
    const started = performance.now();
    gl.bindTexture(p.target, p.texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    texSubImage3D(p.target, 0, 0, 0, z, p.width, p.height, n, p.format, p.type, p.pixels.subarray(z * slice, (z + n) * slice));
    gl.bindTexture(p.target, bound);
    // The call's own time: copying the slab out of the page (it blocks when the GPU process lags).
    const took = performance.now() - started;
    inFlight.push(fence(gl));
    z += n;
    // As many slices next time as fit the budget (this machine's upload speed, measured as it
    // goes), aiming below it and growing at most twofold: the speed varies from slab to slab.
    slices = Math.max(1, Math.min(p.depth, 2 * n, Math.floor((n * TASK_BUDGET_MS * 0.8) / Math.max(0.1, took))));
    onSlab();
  }
  for (const f of inFlight) await completed(gl, f);
}

/** A fence after the commands issued so far, sent on its way (null where the context gives none). */
function fence(gl: WebGL2RenderingContext): WebGLSync | null {
  const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  gl.flush();
  return sync;
}

/** Waits for a fence without blocking the page: its status is polled between tasks (WebGL updates it only then). */
async function completed(gl: WebGL2RenderingContext, sync: WebGLSync | null): Promise<void> {
  if (!sync) return gl.finish();
  try {
    while (!gl.isContextLost() && gl.getSyncParameter(sync, gl.SYNC_STATUS) !== gl.SIGNALED) await new Promise((resolve) => setTimeout(resolve, 1));
  } finally {
    gl.deleteSync(sync);
  }
}
