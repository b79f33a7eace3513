import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import { add, cross, normalize, scale, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { extentAlong, volumeCenter, voxelToPatient, type ScreenPlane } from '../../common/mpr/mprGeometry';
import { VIEW_DIRECTIONS, type ViewDirection, type VolumePreset } from '../../common/mpr/volumePresets';
import type { RenderedViewport } from '../viewing/sharedRenderWindow';
import type { LoadedVolume } from './volumeSource';

/** Crop box as fractions of the volume along its three axes, [from, to] each. */
export type CropBox = [[number, number], [number, number], [number, number]];
export const FULL_CROP: CropBox = [
  [0, 1],
  [0, 1],
  [0, 1],
];

/**
 * The 3D view: vtk.js ray-cast volume rendering of the window's shared volume image (same scalar
 * array as the MPR views, so the same GPU texture). Level of detail: while the reader drags, rays
 * are sampled coarsely; at rest the full sample distance comes back.
 */
export class VolumeRenderView implements RenderedViewport {
  readonly renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
  private readonly mapper = vtkVolumeMapper.newInstance();
  private readonly actor = vtkVolume.newInstance();
  private readonly colors = vtkColorTransferFunction.newInstance();
  private readonly opacity = vtkPiecewiseFunction.newInstance();
  private readonly clipPlanes = Array.from({ length: 6 }, () => vtkPlane.newInstance());
  private volume?: LoadedVolume;
  private fineSampleDistance = 1;
  private lastFrom: Vec3 = [0, -1, 0];
  private zoom = 1;
  private restTimer?: ReturnType<typeof setTimeout>;
  /** Called when the view needs drawing again (back to full quality after an interaction). */
  onNeedsRender?: () => void;

  constructor(readonly element: HTMLElement) {
    this.actor.setMapper(this.mapper);
    const property = this.actor.getProperty();
    property.setRGBTransferFunction(0, this.colors);
    property.setScalarOpacity(0, this.opacity);
    property.setInterpolationTypeToLinear();
  }

  setVolume(volume: LoadedVolume): void {
    if (volume === this.volume) return;
    this.mapper.setInputData(volume.image);
    if (!this.volume) this.renderer.addVolume(this.actor);
    this.volume = volume;
    this.fineSampleDistance = Math.min(...volume.geometry.spacing) * 0.7;
    this.mapper.setSampleDistance(this.fineSampleDistance);
    this.setCrop(FULL_CROP);
    this.resetView('anterior');
  }

  /** Applies a preset; its values are modality units, taken back to the stored values the texture holds. */
  setPreset(preset: VolumePreset, shade = preset.shade): void {
    const { slope, intercept } = this.volume?.info.rescale ?? { slope: 1, intercept: 0 };
    const stored = (v: number): number => (v - intercept) / (slope || 1);
    this.colors.removeAllPoints();
    this.opacity.removeAllPoints();
    if (preset.blend === 'composite') {
      for (const [v, r, g, b] of preset.colors) this.colors.addRGBPoint(stored(v), r, g, b);
      for (const [v, a] of preset.opacity) this.opacity.addPoint(stored(v), a);
      this.mapper.setBlendModeToComposite();
    } else {
      const w = preset.window ?? { center: 0, width: 1000 };
      this.colors.addRGBPoint(stored(w.center - w.width / 2), 0, 0, 0);
      this.colors.addRGBPoint(stored(w.center + w.width / 2), 1, 1, 1);
      this.opacity.addPoint(stored(w.center - w.width / 2), 1);
      this.opacity.addPoint(stored(w.center + w.width / 2), 1);
      if (preset.blend === 'mip') this.mapper.setBlendModeToMaximumIntensity();
      else this.mapper.setBlendModeToMinimumIntensity();
    }
    const property = this.actor.getProperty();
    property.setShade(shade);
    property.setAmbient(0.2);
    property.setDiffuse(0.7);
    property.setSpecular(0.3);
    property.setSpecularPower(10);
  }

  /** Keeps the part of the volume inside the box (fractions of each axis), by six clipping planes. */
  setCrop(box: CropBox): void {
    const g = this.volume?.geometry;
    if (!g) return;
    // Each clipping plane is tested at every ray sample: none at all unless the box crops.
    this.mapper.removeAllClippingPlanes();
    if (box.every(([from, to]) => from <= 0 && to >= 1)) return;
    for (const p of this.clipPlanes) this.mapper.addClippingPlane(p);
    box.forEach(([from, to], axis) => {
      const at = (f: number): Vec3 => {
        const ijk: Vec3 = [0, 0, 0];
        ijk[axis] = f * (g.dimensions[axis]! - 1);
        return voxelToPatient(g, ijk);
      };
      // Plane normals point into the kept part.
      const inward = g.axes[axis]!;
      this.clipPlanes[axis * 2]!.setOrigin(...at(from));
      this.clipPlanes[axis * 2]!.setNormal(...inward);
      this.clipPlanes[axis * 2 + 1]!.setOrigin(...at(to));
      this.clipPlanes[axis * 2 + 1]!.setNormal(...scale(inward, -1));
    });
  }

  /** One of the six standard views, the whole volume in sight. */
  resetView(direction: ViewDirection): void {
    const view = VIEW_DIRECTIONS[direction];
    this.lastFrom = [...view.from];
    this.zoom = 1;
    this.placeCamera(this.lastFrom, [...view.up]);
  }

  private placeCamera(from: Vec3, up: Vec3): void {
    const g = this.volume?.geometry;
    if (!g) return;
    const center = volumeCenter(g);
    // Far enough for the volume's extent across the view (up and right) to fill about 90 % of a 30° view.
    const right = normalize(cross(scale(from, -1), up));
    const across = Math.max(...[up, right].map((d) => extentAlong(g, center, d)).map(([a, b]) => b - a));
    const distance = across / 2 / Math.tan((15 * Math.PI) / 180) / 0.9;
    const camera = this.renderer.getActiveCamera();
    camera.setFocalPoint(...center);
    camera.setPosition(...add(center, scale(normalize(from), distance)));
    camera.setViewUp(...up);
    camera.setViewAngle(30 / this.zoom);
    this.renderer.resetCameraClippingRange();
  }

  /** Turns the camera about the volume (degrees right/up); `interactive`: coarse sampling until the reader stops. */
  rotate(degreesRight: number, degreesUp: number, interactive = true): void {
    const camera = this.renderer.getActiveCamera();
    camera.azimuth(-degreesRight);
    camera.elevation(degreesUp);
    camera.orthogonalizeViewUp();
    this.renderer.resetCameraClippingRange();
    if (interactive) this.interacting();
  }

  zoomBy(factor: number): void {
    this.zoom = Math.max(0.2, Math.min(20, this.zoom * factor));
    this.renderer.getActiveCamera().setViewAngle(30 / this.zoom);
    this.interacting();
  }

  /** Interactive level of detail: a 3× coarser ray step while moving, full quality 150 ms after. */
  private interacting(): void {
    this.mapper.setSampleDistance(this.fineSampleDistance * 3);
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => {
      this.mapper.setSampleDistance(this.fineSampleDistance);
      this.onNeedsRender?.();
    }, 150);
  }

  /** The screen axes of the camera in the patient, for orientation letters. */
  screenPlane(): ScreenPlane {
    const camera = this.renderer.getActiveCamera();
    const position = camera.getPosition() as Vec3;
    const focal = camera.getFocalPoint() as Vec3;
    const dop = normalize(sub(focal, position));
    const up = normalize(camera.getViewUp() as Vec3);
    const right = normalize(cross(dop, up));
    return { right, down: scale(up, -1), normal: dop };
  }

  /** Whether the rendering is at full quality (not mid-interaction). */
  atRest(): boolean {
    return this.mapper.getSampleDistance() === this.fineSampleDistance;
  }

  prepare(): void {}

  hasImage(): boolean {
    return !!this.volume;
  }

  dispose(): void {
    clearTimeout(this.restTimer);
  }
}
