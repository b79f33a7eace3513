import type { ViewTransform, ViewportSize } from '../../common/viewing/viewTransform';
import type { SharedRenderWindow } from './sharedRenderWindow';

/** What a viewport reports about itself to tests and benchmarks (never used by the UI). */
export interface ViewportProbe {
  position: number;
  index: number;
  count: number;
  sopInstanceUid?: string;
  frame?: number;
  pixelSpacing?: [number, number];
  imagePosition?: [number, number, number];
  rowCosines?: [number, number, number];
  columnCosines?: [number, number, number];
  window?: { center: number; width: number };
  transform?: ViewTransform;
  size: ViewportSize;
  frameLoaded: boolean;
  /** Epoch ms (performance.timeOrigin based) when this viewport's series first showed an image: comparable across windows. */
  firstShownAt?: number;
  uploads: number;
}

interface ViewerHooks {
  viewports: Record<number, ViewportProbe>;
  elements: Record<number, HTMLElement | null>;
  renderWindow?: SharedRenderWindow;
  renders: number;
  /** Frames held in the renderer's frame cache. */
  framesCached?: () => number;
  /** Called after every render (benchmarks pace scrolling with it). */
  onRender?: () => void;
  /** RGBA of the image area of a viewport as drawn (rows top to bottom), after a synchronous render. */
  readViewport(position: number): { width: number; height: number; rgbaBase64: string } | undefined;
  /** Texture bytes the GPU holds for this window (vtk.js accounting). */
  gpuInfo(): { renderer: string; norm16: boolean; maxTextureSize: number };
}

declare global {
  interface Window {
    __lightboxViewer?: ViewerHooks;
  }
}

function hooks(): ViewerHooks {
  window.__lightboxViewer ??= {
    viewports: {},
    elements: {},
    renders: 0,
    readViewport(position) {
      const rw = this.renderWindow;
      const el = this.elements[position];
      if (!rw || !el) return undefined;
      const canvasBox = rw.canvas.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      const px = rw.readPixels({ x: box.left - canvasBox.left, y: box.top - canvasBox.top, width: box.width, height: box.height });
      let binary = '';
      for (let i = 0; i < px.rgba.length; i += 0x8000) binary += String.fromCharCode(...px.rgba.subarray(i, i + 0x8000));
      return { width: px.width, height: px.height, rgbaBase64: btoa(binary) };
    },
    gpuInfo() {
      const gl = this.renderWindow!.gl;
      const dbg = gl.getExtension('WEBGL_debug_renderer_info');
      return {
        renderer: String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
        norm16: !!gl.getExtension('EXT_texture_norm16'),
        maxTextureSize: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
      };
    },
  };
  return window.__lightboxViewer;
}

export function publishViewportState(position: number, probe: ViewportProbe, element: HTMLElement | null): void {
  const h = hooks();
  h.viewports[position] = probe;
  h.elements[position] = element;
}

export function publishRenderWindow(rw: SharedRenderWindow): void {
  const h = hooks();
  h.renderWindow = rw;
  rw.onRendered = () => {
    h.renders++;
    h.onRender?.();
  };
}

export function publishFrameCache(count: () => number): void {
  hooks().framesCached = count;
}

const marked = new Set<string>();
/** A performance mark set once per page (the first-image benchmark reports the steps between them). */
export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(name);
}
