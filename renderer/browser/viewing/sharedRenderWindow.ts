import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';

/** Performance mark set when the first image of an opened study has been drawn. */
export const FIRST_IMAGE_MARK = 'lightbox-first-image';
/** Performance mark set when a study is handed to the viewer. */
export const OPEN_STUDY_MARK = 'lightbox-open-study';

/** A viewport drawn into the shared window: called before each render with its rectangle. */
export interface RenderedViewport {
  readonly renderer: vtkRenderer;
  /** Updates camera/data for this frame. `rect` is in CSS pixels relative to the canvas. */
  prepare(rect: DOMRect, devicePixelRatio: number): void;
  readonly element: HTMLElement;
  hasImage(): boolean;
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
  private firstImageMarked = false;
  private maxTexture?: number;
  private readonly firstImageWaiters: (() => void)[] = [];
  private readonly resizeObserver: ResizeObserver;
  /** Called after each render (frame-time measurements, tests). */
  onRendered?: (ms: number) => void;

  constructor(private container: HTMLElement) {
    this.renderWindow.addView(this.openGL);
    this.openGL.setContainer(container);
    // vtk.js's volume mapper asks the window's interactor whether an interaction is under way; the
    // viewports handle their own pointer events, so it is enabled (renders pass through it) but
    // never bound to the canvas's events.
    const interactor = vtkRenderWindowInteractor.newInstance();
    interactor.setView(this.openGL);
    interactor.enable();
    this.renderWindow.setInteractor(interactor);
    const canvas = this.canvas;
    // Made before vtk.js asks for it (a canvas has one context; vtk.js then gets this one): no
    // multisampling. Images are textured rectangles and annotations are drawn in the DOM, so 4×
    // MSAA buys nothing and costs a multisampled buffer plus a resolve on every frame.
    canvas.getContext('webgl2', { antialias: false, alpha: true, depth: true, preserveDrawingBuffer: false, powerPreference: 'high-performance' });
    canvas.style.position = 'absolute';
    canvas.style.left = '0';
    canvas.style.top = '0';
    canvas.dataset.testid = 'viewer-canvas';
    this.resizeObserver = new ResizeObserver(() => this.requestRender());
    this.resizeObserver.observe(container);
  }

  get canvas(): HTMLCanvasElement {
    return this.openGL.getCanvas() as HTMLCanvasElement;
  }

  /** The GPU's texture size limit (asked once: the display table must fit in it). */
  get maxTextureSize(): number {
    this.maxTexture ??= this.gl.getParameter(this.gl.MAX_TEXTURE_SIZE) as number;
    return this.maxTexture;
  }

  /** The window's WebGL2 context (created on first use: vtk.js makes it lazily at the first render). */
  get gl(): WebGL2RenderingContext {
    const ogl = this.openGL as unknown as { getContext(): WebGL2RenderingContext | null; initialize(): void };
    if (!ogl.getContext()) ogl.initialize();
    const gl = ogl.getContext();
    if (!gl) throw new Error('WebGL2 is not available in this browser: the viewer needs it');
    return gl;
  }

  /** Moves the canvas (and its live WebGL context, compiled programs included) into another element. */
  attach(container: HTMLElement): void {
    if (container === this.container) return;
    this.resizeObserver.unobserve(this.container);
    this.container = container;
    this.openGL.setContainer(container);
    this.resizeObserver.observe(container);
    this.firstImageMarked = false;
    this.requestRender();
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

  /**
   * Renders once after the current task's updates (a microtask), so a scroll or W/L change reaches
   * the screen at the next vsync instead of waiting a frame for requestAnimationFrame.
   */
  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    queueMicrotask(() => {
      this.frameRequested = false;
      this.renderNow();
    });
  }

  /** Resolves once an image has been drawn since the last attach (less urgent work waits for it). */
  whenFirstImage(): Promise<void> {
    return new Promise((resolve) => this.firstImageWaiters.push(resolve));
  }

  /** For the prewarm draw: it is not a study's first image. */
  skipFirstImageMark(): void {
    this.firstImageMarked = true;
  }

  /** Renders synchronously; the drawing buffer can be read until control returns to the browser. */
  renderNow(): void {
    const start = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const box = this.container.getBoundingClientRect();
    // The canvas is as large as the window and anchored at the container's top-left: layout changes
    // (panels opening, the grid changing) then never resize the drawing buffer, which costs tens of
    // milliseconds each time in software GL. The container clips what lies beyond it.
    const cssWidth = Math.ceil(Math.max(window.innerWidth, box.width));
    const cssHeight = Math.ceil(Math.max(window.innerHeight, box.height));
    const [w, h] = this.openGL.getSize();
    if (w !== Math.round(cssWidth * dpr) || h !== Math.round(cssHeight * dpr)) {
      this.openGL.setSize(Math.round(cssWidth * dpr), Math.round(cssHeight * dpr));
      this.canvas.style.width = `${cssWidth}px`;
      this.canvas.style.height = `${cssHeight}px`;
    }
    for (const v of this.viewports) {
      const r = v.element.getBoundingClientRect();
      const rect = new DOMRect(r.left - box.left, r.top - box.top, r.width, r.height);
      // vtk viewports are normalized with y up from the bottom of the canvas.
      v.renderer.setViewport(rect.left / cssWidth, 1 - rect.bottom / cssHeight, rect.right / cssWidth, 1 - rect.top / cssHeight);
      v.prepare(rect, dpr);
    }
    this.renderWindow.render();
    // The first image on screen after a study opened (benchmarks and tests read this mark).
    if (!this.firstImageMarked && [...this.viewports].some((v) => v.hasImage())) {
      this.firstImageMarked = true;
      performance.mark(FIRST_IMAGE_MARK);
      for (const f of this.firstImageWaiters.splice(0)) f();
    }
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
