/**
 * A self-contained page (bundled by buildMprBenchPage.mjs, opened from a file: URL) timing MPR and
 * 3D on a generated 512×512×N CT-like volume: Lightbox's views (SharedRenderWindow + MprPlaneView /
 * VolumeRenderView, as the app uses them) against bare vtk.js with the same mappers, data, sizes,
 * camera and transfer functions, and volume assembly + upload against a raw texImage3D of the same
 * bytes. Every timed frame ends with a one-pixel readPixels so the GPU has finished. Prints
 * `RESULT {json}` on the console.
 */
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import type { VolumeBlockInfo } from '../../electron/common/contract/hostContract';
import { rangeOf } from '../../electron/common/dicom/display/sampleRange';
import { add, scale, type Vec3 } from '../../electron/common/dicom/geometry/vec3';
import { initialMprState, MPR_PLANES, planeScreen, type MprState } from '../../renderer/common/mpr/mprState';
import { volumePreset } from '../../renderer/common/mpr/volumePresets';
import { MprPlaneView } from '../../renderer/browser/mpr/mprPlaneView';
import { VolumeRenderView } from '../../renderer/browser/mpr/volumeRenderView';
import { assembleVolume, assembleVolumeInChunks, type LoadedVolume } from '../../renderer/browser/mpr/volumeSource';
import { nextTask } from '../../renderer/browser/mpr/chunkedWork';
import { uploadNextVolumeInSlabs } from '../../renderer/browser/mpr/slabUpload';
import { SharedRenderWindow } from '../../renderer/browser/viewing/sharedRenderWindow';
import { bareWindow, frameTimes, gpuName, release, sync } from '../harness/glBenchPage';

const q = new URLSearchParams(location.search);
const SIZE = Number(q.get('size') ?? 512);
const SLICES = Number(q.get('slices') ?? 300);
const MPR_FRAMES = Number(q.get('mprFrames') ?? 20);
const VR_FRAMES = Number(q.get('vrFrames') ?? 5);
const ROUNDS = Number(q.get('rounds') ?? 2);
/** What to measure: upload, mpr (which includes 3D). */
const PARTS = (q.get('parts') ?? 'upload,mpr').split(',');
// Both sides draw into a canvas of the window's size: Lightbox's shared canvas always covers the
// window (resizing a drawing buffer is slow in software GL), so the bare one gets the same pixels.
const WIDTH = window.innerWidth;
const HEIGHT = window.innerHeight;
const WINDOW = { center: 40, width: 400 };
const INTERCEPT = -1024;

/** A CT-like phantom in stored values (HU + 1024): body, lungs, a spine and a curved vessel. */
function makeVolume(size = SIZE, slices = SLICES): { info: VolumeBlockInfo; buffer: ArrayBuffer } {
  const SIZE = size;
  const SLICES = slices;
  const samples = new Int16Array(SIZE * SIZE * SLICES);
  let seed = 7;
  for (let k = 0; k < SLICES; k++)
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const dx = (x - SIZE / 2) / (SIZE * 0.4);
        const dy = (y - SIZE / 2) / (SIZE * 0.3);
        const lung = Math.hypot(Math.abs(dx) - 0.45, dy / 1.3) < 0.3;
        const spine = Math.hypot(x - SIZE / 2, y - SIZE * 0.7) < SIZE * 0.04;
        const vessel = Math.hypot(x - SIZE / 2 - SIZE * 0.1 * Math.sin(k / 30), y - SIZE * 0.45) < SIZE * 0.02;
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const hu = dx * dx + dy * dy > 1 ? -1000 : spine ? 700 : vessel ? 300 : lung ? -850 : 40;
        samples[(k * SIZE + y) * SIZE + x] = hu - INTERCEPT + ((seed >> 16) % 13) - 6;
      }
  const info: VolumeBlockInfo = {
    studyInstanceUid: '1.2.3',
    seriesInstanceUid: '1.2.3.4',
    dimensions: [SIZE, SIZE, SLICES],
    spacing: [0.7, 0.7, 1],
    direction: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    origin: [-(SIZE * 0.7) / 2, -(SIZE * 0.7) / 2, -SLICES / 2],
    sampleType: 'int16',
    rescale: { slope: 1, intercept: INTERCEPT },
    uniform: true,
    warnings: [],
    slices: [],
    byteLength: samples.byteLength,
    sha256: '',
  };
  return { info, buffer: samples.buffer };
}

function host(): HTMLDivElement {
  const div = document.createElement('div');
  div.style.cssText = `position:relative;width:${WIDTH}px;height:${HEIGHT}px;display:grid;grid-template-columns:repeat(3,1fr)`;
  document.body.replaceChildren(div);
  return div;
}

function cells(parent: HTMLElement, n: number): HTMLDivElement[] {
  return Array.from({ length: n }, () => {
    const cell = document.createElement('div');
    cell.style.cssText = 'position:relative';
    parent.append(cell);
    return cell;
  });
}

/** A 2×2×2 volume of the same type, to compile the programs before the timed upload. */
function tinyVolume(): LoadedVolume {
  const { info } = makeVolume(2, 2);
  return assembleVolume({ ...info, dimensions: [2, 2, 2], byteLength: 16 }, new Int16Array(8).buffer);
}

/**
 * Lightbox: one shared window, three plane views. `draw` issues a frame as the app does; `step` also
 * waits for the GPU to finish it (one-pixel readback).
 */
function lightboxMpr(first: LoadedVolume): { rw: SharedRenderWindow; volume: LoadedVolume; setVolume(v: LoadedVolume): void; draw(state: MprState): void; step(state: MprState): void; dispose(): void } {
  const div = host();
  const rw = new SharedRenderWindow(div);
  const views = cells(div, 3).map((cell) => new MprPlaneView(cell));
  let volume = first;
  for (const v of views) {
    v.setVolume(volume);
    rw.add(v);
  }
  const size = { width: WIDTH / 3, height: HEIGHT };
  return {
    rw,
    get volume() {
      return volume;
    },
    setVolume(v) {
      volume = v;
      for (const view of views) view.setVolume(v);
    },
    draw(state) {
      MPR_PLANES.forEach((name, i) => {
        const screen = planeScreen(state, volume.geometry, name, size);
        views[i]!.setState({ plane: state.planes[name], center: state.center, pan: [0, 0], mmPerPixel: screen.mmPerPixel, slab: state.slab, window: state.window, nearest: false });
      });
      rw.renderNow();
    },
    step(state) {
      this.draw(state);
      sync(rw.gl);
    },
    dispose: () => release(rw.gl, () => rw.dispose()),
  };
}

/** Bare vtk.js: three renderers with reslice mappers on the same image, cameras set the same way. */
function bareMpr(volume: LoadedVolume): { step(state: MprState): void; dispose(): void } {
  const div = host();
  const { renderWindow, openGL, gl } = bareWindow(div, WIDTH, HEIGHT);
  const parts = MPR_PLANES.map((_, i) => {
    const renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
    renderer.setViewport(i / 3, 0, (i + 1) / 3, 1);
    const plane = vtkPlane.newInstance();
    const mapper = vtkImageResliceMapper.newInstance();
    mapper.setSlicePlane(plane);
    mapper.setInputData(volume.image);
    const actor = vtkImageSlice.newInstance();
    actor.setMapper(mapper);
    actor.getProperty().setColorWindow(WINDOW.width);
    actor.getProperty().setColorLevel(WINDOW.center - INTERCEPT);
    renderer.addViewProp(actor);
    renderer.getActiveCamera().setParallelProjection(true);
    renderWindow.addRenderer(renderer);
    return { renderer, plane };
  });
  const size = { width: WIDTH / 3, height: HEIGHT };
  return {
    step(state) {
      MPR_PLANES.forEach((name, i) => {
        const p = state.planes[name];
        parts[i]!.plane.setOrigin(...state.center);
        parts[i]!.plane.setNormal(...p.normal);
        const camera = parts[i]!.renderer.getActiveCamera();
        camera.setFocalPoint(...state.center);
        camera.setPosition(...add(state.center, scale(p.normal, -1000)));
        camera.setViewUp(...scale(p.down, -1));
        camera.setParallelScale((HEIGHT / 2) * planeScreen(state, volume.geometry, name, size).mmPerPixel);
        camera.setClippingRange(1, 2000);
      });
      renderWindow.render();
      sync(gl);
    },
    dispose: () => openGL.delete(),
  };
}

interface CameraPose {
  position: Vec3;
  focal: Vec3;
  up: Vec3;
  viewAngle: number;
}

function lightbox3d(volume: LoadedVolume): { step(): void; dispose(): void; pose: CameraPose } {
  const div = host();
  div.style.gridTemplateColumns = '1fr';
  const rw = new SharedRenderWindow(div);
  const [cell] = cells(div, 1);
  const view = new VolumeRenderView(cell!);
  rw.add(view);
  view.setVolume(volume);
  view.setPreset(volumePreset('ct-bone'));
  const camera = view.renderer.getActiveCamera();
  const pose: CameraPose = { position: camera.getPosition() as Vec3, focal: camera.getFocalPoint() as Vec3, up: camera.getViewUp() as Vec3, viewAngle: camera.getViewAngle() };
  return {
    pose,
    step() {
      // Full quality (no interactive level of detail), as the bare side draws.
      view.rotate(3, 0, false);
      rw.renderNow();
      sync(rw.gl);
    },
    dispose: () => {
      view.dispose();
      release(rw.gl, () => rw.dispose());
    },
  };
}

function bare3d(volume: LoadedVolume, pose: CameraPose): { step(): void; dispose(): void } {
  const div = host();
  const { renderWindow, openGL, gl } = bareWindow(div, WIDTH, HEIGHT);
  const renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
  renderWindow.addRenderer(renderer);
  const mapper = vtkVolumeMapper.newInstance();
  mapper.setInputData(volume.image);
  mapper.setSampleDistance(Math.min(...volume.geometry.spacing) * 0.7);
  const actor = vtkVolume.newInstance();
  actor.setMapper(mapper);
  const colors = vtkColorTransferFunction.newInstance();
  const opacity = vtkPiecewiseFunction.newInstance();
  const preset = volumePreset('ct-bone');
  for (const [v, r, g, b] of preset.colors) colors.addRGBPoint(v - INTERCEPT, r, g, b);
  for (const [v, a] of preset.opacity) opacity.addPoint(v - INTERCEPT, a);
  const property = actor.getProperty();
  property.setRGBTransferFunction(0, colors);
  property.setScalarOpacity(0, opacity);
  property.setInterpolationTypeToLinear();
  property.setShade(true);
  property.setAmbient(0.2);
  property.setDiffuse(0.7);
  property.setSpecular(0.3);
  property.setSpecularPower(10);
  renderer.addVolume(actor);
  const camera = renderer.getActiveCamera();
  camera.setPosition(...pose.position);
  camera.setFocalPoint(...pose.focal);
  camera.setViewUp(...pose.up);
  camera.setViewAngle(pose.viewAngle);
  return {
    step() {
      camera.azimuth(-3);
      renderer.resetCameraClippingRange();
      renderWindow.render();
      sync(gl);
    },
    dispose: () => release(gl, () => openGL.delete()),
  };
}

/** Raw upload: one texImage3D of the same 16-bit bytes as an integer texture, then a readPixels. */
function rawUpload(samples: Int16Array): number {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  document.body.replaceChildren(canvas);
  const gl = canvas.getContext('webgl2')!;
  const t0 = performance.now();
  const tex = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_3D, tex);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  gl.texImage3D(gl.TEXTURE_3D, 0, gl.R16I, SIZE, SIZE, SLICES, 0, gl.RED_INTEGER, gl.SHORT, samples);
  sync(gl);
  const ms = performance.now() - t0;
  gl.deleteTexture(tex);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return ms;
}

async function main(): Promise<void> {
  const { info: made, buffer } = makeVolume();
  // The host takes a block's range as it builds it (pixelCache); here the page is the host.
  const info: VolumeBlockInfo = { ...made, sampleRange: rangeOf(new Int16Array(buffer)) };
  const samples = new Int16Array(buffer);
  const longTasks: PerformanceEntry[] = [];
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: false });
  // Where the time goes in our upload, ms since its start: long tasks as [start, duration], and phases.
  const at = (t0: number, t: number): number => Math.round(t - t0);
  const result = { upload: { ours: [] as number[], raw: [] as number[], longTasksOurs: [] as number[][], longTaskStartsOurs: [] as number[][][], phasesOurs: [] as Record<string, number>[] }, mpr: { ours: [] as number[], bare: [] as number[], oursIssue: [] as number[], bareIssue: [] as number[] }, vr: { ours: [] as number[], bare: [] as number[], oursIssue: [] as number[], bareIssue: [] as number[] }, gpu: '', norm16: false, size: [WIDTH, HEIGHT] };
  let pose: CameraPose | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    if (PARTS.includes('upload')) result.upload.raw.push(rawUpload(samples));
    await new Promise((r) => setTimeout(r, 50));
    // Ours: the block's bytes to an image, and a 1×3 MPR drawn with the whole texture sent, as the
    // app does it (chunks and slabs, a task each); the window's programs are compiled beforehand on
    // a tiny volume, as a warm viewer has them.
    const mpr = lightboxMpr(tinyVolume());
    mpr.step(initialMprState(mpr.volume.geometry, WINDOW));
    await new Promise((r) => setTimeout(r, 50));
    const norm16 = !!mpr.rw.gl.getExtension('EXT_texture_norm16');
    longTasks.length = 0;
    const t0 = performance.now();
    const volume = await assembleVolumeInChunks(info, buffer, { max3dTextureSize: Infinity, norm16 });
    const assembled = performance.now();
    // The app sets the views' volume in React's next render, a task of its own.
    await nextTask();
    mpr.setVolume(volume);
    const upload = uploadNextVolumeInSlabs(mpr.rw.gl, SIZE * SIZE * SLICES, () => undefined);
    // As the app: the first draw starts the upload and is not waited for; the last one is (timing).
    mpr.draw(initialMprState(volume.geometry, WINDOW));
    const firstDrawn = performance.now();
    if (!upload.started()) throw new Error('the volume texture was not sent in slabs');
    await upload.done;
    const uploaded = performance.now();
    mpr.step(initialMprState(volume.geometry, WINDOW));
    const drawn = performance.now();
    if (PARTS.includes('upload')) result.upload.ours.push(drawn - t0);
    await new Promise((r) => setTimeout(r, 50));
    result.upload.longTasksOurs.push(longTasks.map((e) => e.duration));
    result.upload.longTaskStartsOurs.push(longTasks.map((e) => [at(t0, e.startTime), Math.round(e.duration)]));
    result.upload.phasesOurs.push({ assembled: at(t0, assembled), firstDrawn: at(t0, firstDrawn), uploaded: at(t0, uploaded), drawn: at(t0, drawn) });
    const gl = mpr.rw.gl;
    result.gpu = gpuName(gl);
    result.norm16 = !!gl.getExtension('EXT_texture_norm16');
    // MPR frames: the crosshair moves 1 mm along z each frame (every view redraws).
    let state = initialMprState(volume.geometry, WINDOW);
    const moved = (i: number): MprState => (state = { ...state, center: [state.center[0], state.center[1], (i % 40) - 20] as Vec3 });
    mpr.dispose();
    if (!PARTS.includes('mpr')) continue;
    // Which side goes first alternates between rounds (a GPU's clocks and caches warm up as it
    // goes); each side gets a window of its own, on the page only while it draws.
    const oursFirst = round % 2 === 0;
    const mprOurs = (): void => {
      const ours = lightboxMpr(volume);
      ours.step(moved(0)); // first draw: programs and texture, not timed
      result.mpr.ours.push(...frameTimes(MPR_FRAMES, (i) => ours.step(moved(i)), result.mpr.oursIssue));
      ours.dispose();
    };
    const mprBare = (): void => {
      const bare = bareMpr(volume);
      bare.step(moved(0)); // first draw: programs and texture, not timed
      result.mpr.bare.push(...frameTimes(MPR_FRAMES, (i) => bare.step(moved(i)), result.mpr.bareIssue));
      bare.dispose();
    };
    const vrOurs = (): void => {
      const ours = lightbox3d(volume);
      pose ??= ours.pose;
      ours.step(); // first draw: programs and texture, not timed
      result.vr.ours.push(...frameTimes(VR_FRAMES, () => ours.step(), result.vr.oursIssue));
      ours.dispose();
    };
    const vrBare = (): void => {
      const bare = bare3d(volume, pose!);
      bare.step();
      result.vr.bare.push(...frameTimes(VR_FRAMES, () => bare.step(), result.vr.bareIssue));
      bare.dispose();
    };
    // The bare 3D takes our view's initial camera, so round 0 (ours first) learns it.
    for (const run of oursFirst ? [mprOurs, mprBare, vrOurs, vrBare] : [mprBare, mprOurs, vrBare, vrOurs]) run();
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((e: unknown) => console.log(`RESULT ${JSON.stringify({ error: String(e instanceof Error ? e.stack : e) })}`));
