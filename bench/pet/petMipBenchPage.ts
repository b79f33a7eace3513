/**
 * A self-contained page (bundled by buildPetMipBenchPage.mjs, opened from a file: URL) timing the
 * rotating PET MIP: Lightbox's PetMipView in a SharedRenderWindow, as PetMipCell uses them, against
 * bare vtk.js (one render window, one renderer, vtkVolumeMapper in maximum-intensity blend) on the
 * same float SUV volume, with the same transfer functions, sample distance, parallel camera and
 * canvas size. Each frame turns the view 10° and ends with a one-pixel readPixels so the GPU has
 * finished. Prints `RESULT {json}` on the console.
 */
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import type { Vec3 } from '../../electron/common/dicom/geometry/vec3';
import { droValueAt, petCtDroTruth } from '../../electron/node/synthetic/petCtDro';
import { DEFAULT_MIP_WINDOW, PetMipView, type MipVolume } from '../../renderer/browser/pet/petMipView';
import { SharedRenderWindow } from '../../renderer/browser/viewing/sharedRenderWindow';
import { bareWindow, frameTimes, gpuName, release, sync } from '../harness/glBenchPage';

const q = new URLSearchParams(location.search);
const MATRIX = Number(q.get('matrix') ?? 192);
const SLICES = Number(q.get('slices') ?? 160);
const FRAMES = Number(q.get('frames') ?? 12);
const ROUNDS = Number(q.get('rounds') ?? 2);
const STEP_DEGREES = 10;
const WIDTH = window.innerWidth;
const HEIGHT = window.innerHeight;

/** The PET/CT reference object's SUVs on a whole-body-like grid (2 mm pixels, 2.5 mm slices). */
function makeVolume(): MipVolume {
  const truth = petCtDroTruth();
  const pixel = 2;
  const slice = 2.5;
  const origin: Vec3 = [-((MATRIX - 1) * pixel) / 2, -((MATRIX - 1) * pixel) / 2, -((SLICES - 1) * slice) / 2];
  const values = new Float32Array(MATRIX * MATRIX * SLICES);
  let n = 0;
  for (let k = 0; k < SLICES; k++)
    for (let j = 0; j < MATRIX; j++) for (let i = 0; i < MATRIX; i++) values[n++] = droValueAt(truth, [origin[0] + i * pixel, origin[1] + j * pixel, origin[2] + k * slice]).suv;
  return { grid: { dimensions: [MATRIX, MATRIX, SLICES], origin, axes: [[pixel, 0, 0], [0, pixel, 0], [0, 0, slice]] }, values };
}

function host(): HTMLDivElement {
  const div = document.createElement('div');
  div.style.cssText = `position:relative;width:${WIDTH}px;height:${HEIGHT}px`;
  const cell = document.createElement('div');
  cell.style.cssText = 'position:absolute;inset:0';
  div.append(cell);
  document.body.replaceChildren(div);
  return div;
}

interface Pose {
  position: Vec3;
  focal: Vec3;
  up: Vec3;
  parallelScale: number;
}

/** Lightbox: the product's view in the product's shared window, turned as the cell's cine turns it. */
function oursSide(volume: MipVolume): { step(): void; dispose(): void; pose(): Pose; gpu(): string } {
  const div = host();
  const rw = new SharedRenderWindow(div);
  const view = new PetMipView(div.firstElementChild as HTMLElement);
  rw.add(view);
  view.setVolume(volume);
  return {
    step() {
      view.setAngle(view.getAngle() + STEP_DEGREES);
      rw.renderNow();
      sync(rw.gl);
    },
    pose() {
      const c = view.renderer.getActiveCamera();
      return { position: c.getPosition() as Vec3, focal: c.getFocalPoint() as Vec3, up: c.getViewUp() as Vec3, parallelScale: c.getParallelScale() };
    },
    gpu: () => gpuName(rw.gl),
    dispose() {
      rw.remove(view);
      view.dispose();
      release(rw.gl, () => rw.dispose());
    },
  };
}

/** Bare vtk.js: its own window, renderer and mapper on an image of the same array, the same settings. */
function bareSide(volume: MipVolume, pose: Pose): { step(): void; dispose(): void } {
  const div = host();
  const { renderWindow, openGL, gl } = bareWindow(div, WIDTH, HEIGHT);
  const renderer = vtkRenderer.newInstance({ background: [1, 1, 1] });
  renderWindow.addRenderer(renderer);
  const image = vtkImageData.newInstance();
  const spacing = volume.grid.axes.map((a) => Math.hypot(...a)) as Vec3;
  image.setDimensions(volume.grid.dimensions);
  image.setSpacing(spacing);
  image.setOrigin(volume.grid.origin);
  image.getPointData().setScalars(vtkDataArray.newInstance({ numberOfComponents: 1, values: volume.values as unknown as number[], name: 'SUV' }));
  const mapper = vtkVolumeMapper.newInstance();
  mapper.setInputData(image);
  mapper.setBlendModeToMaximumIntensity();
  mapper.setSampleDistance(Math.min(...spacing) / 2);
  mapper.setMaximumSamplesPerRay(4000);
  const actor = vtkVolume.newInstance();
  actor.setMapper(mapper);
  const colors = vtkColorTransferFunction.newInstance();
  colors.addRGBPoint(DEFAULT_MIP_WINDOW.min, 1, 1, 1);
  colors.addRGBPoint(DEFAULT_MIP_WINDOW.max, 0, 0, 0);
  const opacity = vtkPiecewiseFunction.newInstance();
  opacity.addPoint(DEFAULT_MIP_WINDOW.min, 1);
  opacity.addPoint(DEFAULT_MIP_WINDOW.max, 1);
  const property = actor.getProperty();
  property.setRGBTransferFunction(0, colors);
  property.setScalarOpacity(0, opacity);
  property.setInterpolationTypeToLinear();
  renderer.addVolume(actor);
  const camera = renderer.getActiveCamera();
  camera.setParallelProjection(true);
  camera.setPosition(...pose.position);
  camera.setFocalPoint(...pose.focal);
  camera.setViewUp(...pose.up);
  camera.setParallelScale(pose.parallelScale);
  return {
    step() {
      camera.azimuth(STEP_DEGREES);
      renderer.resetCameraClippingRange();
      renderWindow.render();
      sync(gl);
    },
    dispose: () => release(gl, () => openGL.delete()),
  };
}

async function main(): Promise<void> {
  const volume = makeVolume();
  const result = { ours: [] as number[], bare: [] as number[], oursIssue: [] as number[], bareIssue: [] as number[], gpu: '', size: [WIDTH, HEIGHT], volume: [MATRIX, MATRIX, SLICES] };
  let pose: Pose | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const runOurs = (): void => {
      const ours = oursSide(volume);
      ours.step(); // first draw: programs and texture, not timed
      pose ??= ours.pose();
      result.gpu = ours.gpu();
      result.ours.push(...frameTimes(FRAMES, () => ours.step(), result.oursIssue));
      ours.dispose();
    };
    const runBare = (): void => {
      const bare = bareSide(volume, pose!);
      bare.step();
      result.bare.push(...frameTimes(FRAMES, () => bare.step(), result.bareIssue));
      bare.dispose();
    };
    // The bare side takes our view's camera, so round 0 (ours first) learns it; then the order alternates.
    for (const run of round % 2 === 0 ? [runOurs, runBare] : [runBare, runOurs]) {
      run();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((e: unknown) => console.log(`RESULT ${JSON.stringify({ error: String(e instanceof Error ? e.stack : e) })}`));
