import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import { newIntegerImageMapper } from './integerImageMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import type { GrayscaleLut } from '../../../electron/common/dicom/display/grayscaleLut';
import { screenAxesOnImage, type ViewTransform } from '../../common/viewing/viewTransform';
import type { LoadedFrame } from './frameLoader';
import type { RenderedViewport } from './sharedRenderWindow';
import { TableColorFunction } from './tableColorFunction';

/**
 * The vtk.js side of one stack viewport: an image slice whose texture holds the frame's stored
 * samples unchanged (16-bit frames as R16I/R16UI integer textures, see integerImageMapper) and
 * whose colour texture is the whole display pipeline as one table (see buildGrayscaleLut). Camera
 * and table are set from the view state; nothing is converted to float on the CPU.
 */
export class StackViewportView implements RenderedViewport {
  readonly renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
  private readonly mapper = newIntegerImageMapper();
  private readonly actor = vtkImageSlice.newInstance();
  private readonly colors = new TableColorFunction();
  private readonly opacity = vtkPiecewiseFunction.newInstance();
  private image?: vtkImageData;
  private scalars?: ReturnType<typeof vtkDataArray.newInstance>;
  private frame?: LoadedFrame;
  private transform?: ViewTransform;
  private lutKey = '';
  /** How many frames the texture has received (tests and the scroll benchmark read it). */
  uploads = 0;

  constructor(readonly element: HTMLElement) {
    this.actor.setMapper(this.mapper);
    this.mapper.setSlicingMode(vtkImageMapper.SlicingMode.K);
    const property = this.actor.getProperty();
    property.setRGBTransferFunction(0, this.colors.vtk);
    property.setPiecewiseFunction(0, this.opacity);
    property.setUseLookupTableScalarRange(false);
    this.opacity.addPoint(-1e9, 1);
    this.opacity.addPoint(1e9, 1);
    this.renderer.getActiveCamera().setParallelProjection(true);
  }

  /** Shows a frame; the image plane spans [0, columns·columnSpacing] × [0, rows·rowSpacing] mm. */
  setFrame(frame: LoadedFrame, pixelSpacing: [number, number]): void {
    if (frame === this.frame) return;
    const [rowSpacing, columnSpacing] = pixelSpacing;
    const components = frame.kind === 'rgb' ? 3 : 1;
    const image = vtkImageData.newInstance();
    image.setDimensions([frame.columns, frame.rows, 1]);
    image.setSpacing([columnSpacing, rowSpacing, 1]);
    // Pixel (0,0)'s centre sits half a pixel in from the plane's corner.
    image.setOrigin([columnSpacing / 2, rowSpacing / 2, 0]);
    const scalars = vtkDataArray.newInstance({ numberOfComponents: components, values: frame.samples, name: 'pixels' });
    if (frame.kind === 'gray') scalars.setRange({ min: frame.range[0], max: frame.range[1] }, 0);
    image.getPointData().setScalars(scalars);
    this.mapper.setInputData(image);
    if (!this.image) this.renderer.addViewProp(this.actor);
    // The previous frame's image and its samples are released at once (a whole shift of scrolling
    // made thousands of them); the texture itself is reused by the mapper (integerImageMapper).
    this.releaseImage();
    this.image = image;
    this.scalars = scalars;
    this.frame = frame;
    this.uploads++;
  }

  hasImage(): boolean {
    return !!this.image;
  }

  clear(): void {
    if (this.image) this.renderer.removeViewProp(this.actor);
    this.releaseImage();
    this.frame = undefined;
  }

  private releaseImage(): void {
    this.image?.delete();
    this.scalars?.delete();
    this.image = undefined;
    this.scalars = undefined;
  }

  /** Releases every vtk.js object this view made (its viewport went away). */
  dispose(): void {
    this.clear();
    this.actor.delete();
    this.mapper.delete();
    this.opacity.delete();
    this.colors.vtk.delete();
    this.renderer.delete();
  }

  /**
   * Sets the display table. Entry i is sampled at first + i·step; the colour window is set so that
   * every sampled value lands on its texel's centre, exact under NEAREST and LINEAR filtering alike.
   */
  hasLut(key: string): boolean {
    return key === this.lutKey;
  }

  setLut(lut: GrayscaleLut, key: string, maxTextureSize: number): void {
    if (key === this.lutKey) return;
    this.lutKey = key;
    const n = lut.table.length;
    if (n > maxTextureSize) throw new Error(`display table of ${n} entries exceeds the GPU limit ${maxTextureSize}`);
    const rgb = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = lut.table[i]! / 255;
    this.colors.set(lut.first, lut.last, rgb);
    this.mapper.setColorTextureWidth(n);
    const step = n > 1 ? (lut.last - lut.first) / (n - 1) : 1;
    const property = this.actor.getProperty();
    property.setColorWindow(n * step);
    property.setColorLevel(lut.first - step / 2 + (n * step) / 2);
  }

  setInterpolation(nearest: boolean): void {
    const property = this.actor.getProperty();
    if (nearest) property.setInterpolationTypeToNearest();
    else property.setInterpolationTypeToLinear();
  }

  setTransform(transform: ViewTransform): void {
    this.transform = transform;
  }

  prepare(rect: DOMRect): void {
    const t = this.transform;
    if (!t || !rect.height) return;
    const camera = this.renderer.getActiveCamera();
    const { right, up } = screenAxesOnImage(t);
    // vtk: right = directionOfProjection × viewUp, so the view direction is up × right.
    const dop: [number, number, number] = [0, 0, up[0] * right[1] - up[1] * right[0]];
    const distance = 1000;
    camera.setFocalPoint(t.center[0], t.center[1], 0);
    camera.setPosition(t.center[0] - dop[0] * distance, t.center[1] - dop[1] * distance, -dop[2] * distance);
    camera.setViewUp(up[0], up[1], 0);
    camera.setParallelScale(rect.height / 2 / t.scale);
    camera.setClippingRange(distance - 10, distance + 10);
  }
}
