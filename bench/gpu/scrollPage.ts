/**
 * A self-contained page for real-GPU timings (see ../../shared/gpu/README.md): scrolls N generated
 * 512×512 16-bit CT-like slices through (1) Lightbox's stack viewport code (SharedRenderWindow +
 * StackViewportView + the display table), (2) bare vtk.js (vtkImageMapper, its own colour window)
 * and (3) a bare WebGL2 program (R16I texture). Each frame: upload the slice, draw, read back one
 * pixel so the GPU has finished. Prints `RESULT {json}` on the console.
 */
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import { SharedRenderWindow } from '../../renderer/browser/viewing/sharedRenderWindow';
import { StackViewportView } from '../../renderer/browser/viewing/stackViewportView';
import { displayLutFor } from '../../renderer/browser/viewing/displayLut';
import { fitTransform } from '../../renderer/common/viewing/viewTransform';
import { describePixels } from '../../electron/common/dicom/model/pixelDescription';
import type { LoadedFrame } from '../../renderer/browser/viewing/frameLoader';

const q = new URLSearchParams(location.search);
const N = Number(q.get('n') ?? 600);
const SIZE = 512;

function makeSlices(): Int16Array[] {
  const out: Int16Array[] = [];
  let seed = 1;
  for (let k = 0; k < N; k++) {
    const a = new Int16Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const dx = (x - 256) / 200;
        const dy = (y - 256) / 150;
        const inside = dx * dx + dy * dy < 1;
        const r = Math.hypot(x - 256 - 60 * Math.sin(k / 40), y - 240);
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        a[y * SIZE + x] = (inside ? (r < 20 ? 1100 : 1064) : 24) + ((seed >> 16) % 13);
      }
    out.push(a);
  }
  return out;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const p95 = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)]!;
const sync = (gl: WebGL2RenderingContext): void => {
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
};

function container(): HTMLDivElement {
  const div = document.createElement('div');
  div.style.cssText = 'position:relative;width:1024px;height:1024px';
  document.body.replaceChildren(div);
  return div;
}

function runLightbox(slices: Int16Array[]): number[] {
  const host = container();
  const rw = new SharedRenderWindow(host);
  const cell = document.createElement('div');
  cell.style.cssText = 'position:absolute;inset:0';
  host.append(cell);
  const view = new StackViewportView(cell);
  rw.add(view);
  const desc = describePixels({ '00280010': { vr: 'US', Value: [SIZE] }, '00280011': { vr: 'US', Value: [SIZE] }, '00280100': { vr: 'US', Value: [16] }, '00280101': { vr: 'US', Value: [16] }, '00280103': { vr: 'US', Value: [1] }, '00281052': { vr: 'DS', Value: [-1024] }, '00281053': { vr: 'DS', Value: [1] } });
  const voi = { kind: 'window', center: 40, width: 400, fn: 'LINEAR' } as const;
  const gl = rw.gl;
  const max = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  view.setTransform(fitTransform({ width: SIZE * 0.7, height: SIZE * 0.7 }, { width: 1024, height: 1024 }));
  const times: number[] = [];
  for (const s of slices) {
    const t0 = performance.now();
    const frame: LoadedFrame = { columns: SIZE, rows: SIZE, kind: 'gray', samples: s, range: [0, 1200] };
    view.setFrame(frame, [0.7, 0.7]);
    view.setLut(displayLutFor(desc, frame, voi, false, max), 'w', max);
    rw.renderNow();
    sync(gl);
    times.push(performance.now() - t0);
  }
  return times;
}

function runBareVtk(slices: Int16Array[]): number[] {
  const host = container();
  const renderWindow = vtkRenderWindow.newInstance();
  const openGL = vtkOpenGLRenderWindow.newInstance();
  renderWindow.addView(openGL);
  openGL.setContainer(host);
  openGL.setSize(1024, 1024);
  const renderer = vtkRenderer.newInstance();
  renderWindow.addRenderer(renderer);
  const mapper = vtkImageMapper.newInstance();
  const actor = vtkImageSlice.newInstance();
  actor.setMapper(mapper);
  actor.getProperty().setColorWindow(400);
  actor.getProperty().setColorLevel(40 + 1024);
  renderer.addViewProp(actor);
  (openGL as unknown as { initialize(): void }).initialize();
  const gl = (openGL as unknown as { getContext(): WebGL2RenderingContext }).getContext();
  const times: number[] = [];
  let first = true;
  for (const s of slices) {
    const t0 = performance.now();
    const image = vtkImageData.newInstance();
    image.setDimensions([SIZE, SIZE, 1]);
    image.getPointData().setScalars(vtkDataArray.newInstance({ numberOfComponents: 1, values: s }));
    mapper.setInputData(image);
    if (first) {
      renderer.resetCamera();
      first = false;
    }
    renderWindow.render();
    sync(gl);
    times.push(performance.now() - t0);
  }
  openGL.delete();
  return times;
}

function runBareWebGl(slices: Int16Array[]): { times: number[]; renderer: string; norm16: boolean; maxTexture: number } {
  const canvas = document.createElement('canvas');
  canvas.width = 1024;
  canvas.height = 1024;
  document.body.replaceChildren(canvas);
  const gl = canvas.getContext('webgl2')!;
  const shader = (type: number, src: string): WebGLShader => {
    const sh = gl.createShader(type)!;
    gl.shaderSource(sh, src);
    gl.compileShader(sh);
    return sh;
  };
  const prog = gl.createProgram()!;
  gl.attachShader(prog, shader(gl.VERTEX_SHADER, '#version 300 es\nin vec2 p; out vec2 uv; void main(){ uv = vec2(p.x*0.5+0.5, 0.5-p.y*0.5); gl_Position = vec4(p,0.0,1.0); }'));
  gl.attachShader(prog, shader(gl.FRAGMENT_SHADER, '#version 300 es\nprecision highp float; precision highp isampler2D; uniform isampler2D img; in vec2 uv; out vec4 c; void main(){ float v = float(texture(img, uv).r); float g = clamp((v - 864.0)/400.0, 0.0, 1.0); c = vec4(g,g,g,1.0); }'));
  gl.linkProgram(prog);
  gl.useProgram(prog);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  const times: number[] = [];
  for (const s of slices) {
    const t0 = performance.now();
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R16I, SIZE, SIZE, 0, gl.RED_INTEGER, gl.SHORT, s);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    sync(gl);
    times.push(performance.now() - t0);
  }
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    times,
    renderer: String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
    norm16: !!gl.getExtension('EXT_texture_norm16'),
    maxTexture: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
  };
}

async function main(): Promise<void> {
  const slices = makeSlices();
  const bare = runBareWebGl(slices);
  const vtkTimes = runBareVtk(slices);
  const ours = runLightbox(slices);
  const summary = (t: number[]) => ({ median: +median(t.slice(5)).toFixed(3), p95: +p95(t.slice(5)).toFixed(3) });
  const result = {
    slices: N,
    size: SIZE,
    renderer: bare.renderer,
    norm16: bare.norm16,
    maxTexture: bare.maxTexture,
    lightboxStack: summary(ours),
    bareVtkImageMapper: summary(vtkTimes),
    bareWebGl2R16I: summary(bare.times),
  };
  document.title = 'done';
  console.log(`RESULT ${JSON.stringify(result)}`);
}

void main();
