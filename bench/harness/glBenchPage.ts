/**
 * What the WebGL benchmark pages (the MPR page, the PET MIP page) share: frames timed until the GPU
 * has finished them (a one-pixel readPixels), with the main thread's part of each; a bare vtk.js
 * render window of the page's size for the side without Lightbox; contexts freed at once; the
 * GPU's name for the result. Runs in the page (bundled with it, after the page's vtk.js rendering
 * profile import), not in Node.
 */
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';

/** When the last frame was issued (its commands given to the GPU), before waiting for it. */
let issuedAt = 0;

/** Waits for the GPU to finish what was issued: a one-pixel readback. */
export function sync(gl: WebGL2RenderingContext): void {
  issuedAt = performance.now();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

/** Frame times of `n` steps (each ending in `sync`), and into `issue` the main thread's part of each (until the frame is issued). */
export function frameTimes(n: number, step: (i: number) => void, issue: number[] = []): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    step(i);
    times.push(performance.now() - t0);
    issue.push(issuedAt - t0);
  }
  return times;
}

/** Frees a context's GPU memory at once (SwiftShader keeps textures in RAM until the context goes). */
export function release(gl: WebGL2RenderingContext, dispose: () => void): void {
  dispose();
  gl.getExtension('WEBGL_lose_context')?.loseContext();
}

/** The GPU (or software renderer) a context draws with. */
export function gpuName(gl: WebGL2RenderingContext): string {
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** Bare vtk.js: a render window of `width` × `height` in `div`, with an interactor, initialised. */
export function bareWindow(div: HTMLElement, width: number, height: number): { renderWindow: ReturnType<typeof vtkRenderWindow.newInstance>; openGL: ReturnType<typeof vtkOpenGLRenderWindow.newInstance>; gl: WebGL2RenderingContext } {
  const renderWindow = vtkRenderWindow.newInstance();
  const openGL = vtkOpenGLRenderWindow.newInstance();
  renderWindow.addView(openGL);
  openGL.setContainer(div);
  openGL.setSize(width, height);
  const interactor = vtkRenderWindowInteractor.newInstance();
  interactor.setView(openGL);
  interactor.enable();
  renderWindow.setInteractor(interactor);
  (openGL as unknown as { initialize(): void }).initialize();
  return { renderWindow, openGL, gl: (openGL as unknown as { getContext(): WebGL2RenderingContext }).getContext() };
}
