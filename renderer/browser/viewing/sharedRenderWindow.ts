import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';

/** A viewport drawn into the shared window: called before each render with its rectangle. */
export interface RenderedViewport {
  readonly renderer: vtkRenderer;
  /** Updates camera/data for this frame. `rect` is in CSS pixels relative to the canvas. */
  prepare(rect: DOMRect, devicePixelRatio: number): void;
  readonly element: HTMLElement;
}

/**
 * One WebGL2 context per window (browsers cap live contexts, and GPU memory is per context): every
 * viewport of the window is a vtk.js renderer with its own viewport rectangle on one canvas that
 * lies under the viewport grid. Renders are coalesced to one per animation frame.
 */
export class SharedRenderWindow {
  readonly renderWindow = vtkRenderWindow.newInstance();
  readonly openGL = vtkOpenGLRenderWindow.newInstance();
  private readonly viewports = new Set<RenderedViewport>();
  private frameRequested = false;
  private readonly resizeObserver: ResizeObserver;
  /** Called after each render (frame-time measurements, tests). */
  onRendered?: (ms: number) => void;

  constructor(private readonly container: HTMLElement) {
    this.renderWindow.addView(this.openGL);
    this.openGL.setContainer(container);
    const canvas = this.canvas;
    canvas.style.position = 'absolute';
    canvas.style.inset = '0';
    canvas.style.width = '100%';
    canvas.style.height = '100%';
    canvas.dataset.testid = 'viewer-canvas';
    this.resizeObserver = new ResizeObserver(() => this.requestRender());
    this.resizeObserver.observe(container);
  }

  get canvas(): HTMLCanvasElement {
    return this.openGL.getCanvas() as HTMLCanvasElement;
  }

  get gl(): WebGL2RenderingContext {
    return (this.openGL as unknown as { getContext(): WebGL2RenderingContext }).getContext();
  }

  add(viewport: RenderedViewport): void {
    this.viewports.add(viewport);
    this.renderWindow.addRenderer(viewport.renderer);
    this.requestRender();
  }

  remove(viewport: RenderedViewport): void {
    this.viewports.delete(viewport);
    this.renderWindow.removeRenderer(viewport.renderer);
    this.requestRender();
  }

  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.renderNow();
    });
  }

  /** Renders synchronously; the drawing buffer can be read until control returns to the browser. */
  renderNow(): void {
    const start = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const box = this.container.getBoundingClientRect();
    const width = Math.max(1, Math.round(box.width * dpr));
    const height = Math.max(1, Math.round(box.height * dpr));
    const [w, h] = this.openGL.getSize();
    if (w !== width || h !== height) this.openGL.setSize(width, height);
    for (const v of this.viewports) {
      const r = v.element.getBoundingClientRect();
      const rect = new DOMRect(r.left - box.left, r.top - box.top, r.width, r.height);
      // vtk viewports are normalized with y up from the bottom of the canvas.
      v.renderer.setViewport(
        rect.left / box.width,
        1 - rect.bottom / box.height,
        rect.right / box.width,
        1 - rect.top / box.height,
      );
      v.prepare(rect, dpr);
    }
    this.renderWindow.render();
    this.onRendered?.(performance.now() - start);
  }

  /** RGBA pixels of a CSS-pixel rectangle of the canvas, rows top to bottom, right after a render. */
  readPixels(rect: { x: number; y: number; width: number; height: number }): { width: number; height: number; rgba: Uint8Array } {
    this.renderNow();
    const dpr = window.devicePixelRatio || 1;
    const gl = this.gl;
    const x = Math.round(rect.x * dpr);
    const width = Math.round(rect.width * dpr);
    const height = Math.round(rect.height * dpr);
    const y = gl.drawingBufferHeight - Math.round(rect.y * dpr) - height;
    const raw = new Uint8Array(width * height * 4);
    gl.readPixels(x, y, width, height, gl.RGBA, gl.UNSIGNED_BYTE, raw);
    const rgba = new Uint8Array(raw.length);
    for (let row = 0; row < height; row++) rgba.set(raw.subarray((height - 1 - row) * width * 4, (height - row) * width * 4), row * width * 4);
    return { width, height, rgba };
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    for (const v of this.viewports) this.renderWindow.removeRenderer(v.renderer);
    this.viewports.clear();
    this.openGL.delete();
    this.renderWindow.delete();
  }
}
