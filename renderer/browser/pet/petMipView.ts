import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import { add, length, normalize, scale, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { VolumeGrid } from '../../../electron/common/pet/volumeGrid';
import { mipCamera, mipExtent, mipRayAt, type MipCamera, type MipExtent } from '../../common/pet/mipCamera';
import type { RenderedViewport } from '../viewing/sharedRenderWindow';

/** A PET's values (SUVbw, or its own units without an SUV) as one float volume in patient space. */
export interface MipVolume {
  grid: VolumeGrid;
  values: Float32Array;
}

/** SUV window a whole-body MIP opens with (g/ml): lesions dark, the body a light grey. */
export const DEFAULT_MIP_WINDOW = { min: 0, max: 10 };

/**
 * The rotating PET MIP: vtk.js ray-cast maximum intensity projection of one float SUV volume, in
 * inverted grey (SUV at the window's bottom white, at its top black, on a white background as
 * film shows it), parallel projection, turned about the patient's head–foot axis. The camera comes
 * from `mipCamera`, the same function that turns a click into the line the MIP looked along.
 */
export class PetMipView implements RenderedViewport {
  readonly renderer = vtkRenderer.newInstance({ background: [1, 1, 1] });
  private readonly mapper = vtkVolumeMapper.newInstance();
  private readonly actor = vtkVolume.newInstance();
  private readonly colors = vtkColorTransferFunction.newInstance();
  private readonly opacity = vtkPiecewiseFunction.newInstance();
  private image?: vtkImageData;
  private scalars?: vtkDataArray;
  private extent?: MipExtent;
  private angle = 0;
  private aspect = 1;
  private size = { width: 1, height: 1 };
  private window = { ...DEFAULT_MIP_WINDOW };

  constructor(readonly element: HTMLElement) {
    this.actor.setMapper(this.mapper);
    const property = this.actor.getProperty();
    property.setRGBTransferFunction(0, this.colors);
    property.setScalarOpacity(0, this.opacity);
    property.setInterpolationTypeToLinear();
    property.setShade(false);
    this.mapper.setBlendModeToMaximumIntensity();
    this.renderer.getActiveCamera().setParallelProjection(true);
    this.setWindow(this.window.min, this.window.max);
  }

  /** Shows a volume (the view keeps the array, not a copy; `dispose` lets it go). */
  setVolume(volume: MipVolume): void {
    this.releaseImage();
    const { grid, values } = volume;
    const spacing = grid.axes.map(length) as Vec3;
    const image = vtkImageData.newInstance();
    image.setDimensions(grid.dimensions);
    image.setSpacing(spacing);
    image.setOrigin(grid.origin);
    // vtk.js direction: the columns of the index-to-world matrix (unit axes; a sheared grid stays sheared).
    image.setDirection([...normalize(grid.axes[0]), ...normalize(grid.axes[1]), ...normalize(grid.axes[2])]);
    const scalars = vtkDataArray.newInstance({ numberOfComponents: 1, values: values as unknown as number[], name: 'SUV' });
    image.getPointData().setScalars(scalars);
    this.image = image;
    this.scalars = scalars;
    this.mapper.setInputData(image);
    // At most half the smallest spacing between samples along a ray: no voxel's peak is stepped over.
    this.mapper.setSampleDistance(Math.min(...spacing) / 2);
    this.mapper.setMaximumSamplesPerRay(4000);
    if (!this.renderer.getVolumes().includes(this.actor)) this.renderer.addVolume(this.actor);
    this.extent = mipExtent(grid);
    this.placeCamera();
  }

  /** Inverted grey between `min` (white) and `max` (black), in the volume's units. */
  setWindow(min: number, max: number): void {
    this.window = { min, max: Math.max(max, min + 1e-6) };
    this.colors.removeAllPoints();
    this.colors.addRGBPoint(this.window.min, 1, 1, 1);
    this.colors.addRGBPoint(this.window.max, 0, 0, 0);
    this.opacity.removeAllPoints();
    this.opacity.addPoint(this.window.min, 1);
    this.opacity.addPoint(this.window.max, 1);
  }

  getWindow(): { min: number; max: number } {
    return { ...this.window };
  }

  /** Turns the view to `degrees` about the head–foot axis (0: anterior). */
  setAngle(degrees: number): void {
    this.angle = ((degrees % 360) + 360) % 360;
    this.placeCamera();
  }

  getAngle(): number {
    return this.angle;
  }

  /** The camera as it is drawn now (undefined before a volume). */
  camera(): MipCamera | undefined {
    return this.extent && mipCamera(this.extent, this.angle, this.aspect);
  }

  /** The line through a view pixel (CSS pixels from the view's top-left), along the direction of projection. */
  rayAt(pixel: [number, number]): { origin: Vec3; direction: Vec3 } | undefined {
    const camera = this.camera();
    return camera && mipRayAt(camera, this.size, pixel);
  }

  viewSize(): { width: number; height: number } {
    return { ...this.size };
  }

  private placeCamera(): void {
    const c = this.camera();
    if (!c) return;
    const camera = this.renderer.getActiveCamera();
    // Far enough outside the volume that the whole of it is in front of the camera.
    const distance = 4 * Math.max(this.extent!.radius, this.extent!.halfHeight) + 10;
    camera.setFocalPoint(...c.focal);
    camera.setPosition(...add(c.focal, scale(c.direction, -distance)));
    camera.setViewUp(...c.up);
    camera.setParallelScale(c.parallelScale);
    this.renderer.resetCameraClippingRange();
  }

  prepare(rect: DOMRect): void {
    const width = Math.max(1, rect.width);
    const height = Math.max(1, rect.height);
    if (width === this.size.width && height === this.size.height) return;
    this.size = { width, height };
    this.aspect = width / height;
    this.placeCamera();
  }

  hasImage(): boolean {
    return !!this.image;
  }

  private releaseImage(): void {
    // The volume texture vtk.js made is keyed by the scalar array: deleting both lets it go.
    this.image?.delete();
    this.scalars?.delete();
    this.image = undefined;
    this.scalars = undefined;
  }

  /** Releases every vtk.js object of the view (the caller removes it from the render window first). */
  dispose(): void {
    this.renderer.removeVolume(this.actor);
    this.releaseImage();
    this.actor.delete();
    this.mapper.delete();
    this.colors.delete();
    this.opacity.delete();
    this.renderer.delete();
    this.extent = undefined;
  }
}
