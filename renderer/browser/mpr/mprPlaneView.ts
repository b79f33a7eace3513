import vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import { SlabTypes } from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper/Constants';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import { add, scale, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { ScreenPlane } from '../../common/mpr/mprGeometry';
import type { SlabMode } from '../../common/mpr/mprState';
import type { RenderedViewport } from '../viewing/sharedRenderWindow';
import type { LoadedVolume } from './volumeSource';
import './slabSampling';

/** What one MPR plane view shows; the workspace owns it, the view only draws it. */
export interface PlaneViewState {
  plane: ScreenPlane;
  /** The crosshair centre (LPS mm): the plane passes through it. */
  center: Vec3;
  /** Screen position of the centre: pan, in mm right/down of the viewport's middle. */
  pan: [number, number];
  /** Millimetres per CSS pixel. */
  mmPerPixel: number;
  /** Slab thickness (mm, 0: a single plane) and how it is projected. */
  slab: { thickness: number; mode: SlabMode };
  /** Window in modality units (HU for CT). */
  window: { center: number; width: number };
  /** Nearest-neighbour sampling (exact voxel values), else linear. */
  nearest: boolean;
}

const SLAB_TYPES: Record<SlabMode, SlabTypes> = { mip: SlabTypes.MAX, minip: SlabTypes.MIN, mean: SlabTypes.MEAN };

/**
 * One MPR plane drawn by vtk.js's image reslice mapper from the shared volume image: the slice is
 * cut in the GPU from the window's one 3D texture (no CPU reslicing), slabs are projected there too.
 * The camera looks along the plane normal with the plane's `down` as screen down.
 */
export class MprPlaneView implements RenderedViewport {
  readonly renderer = vtkRenderer.newInstance({ background: [0, 0, 0] });
  private readonly slicePlane = vtkPlane.newInstance();
  private readonly mapper = vtkImageResliceMapper.newInstance();
  private readonly actor = vtkImageSlice.newInstance();
  private volume?: LoadedVolume;
  private state?: PlaneViewState;

  constructor(readonly element: HTMLElement) {
    this.mapper.setSlicePlane(this.slicePlane);
    this.actor.setMapper(this.mapper);
    this.renderer.getActiveCamera().setParallelProjection(true);
  }

  setVolume(volume: LoadedVolume): void {
    if (volume === this.volume) return;
    this.mapper.setInputData(volume.image);
    if (!this.volume) this.renderer.addViewProp(this.actor);
    this.volume = volume;
  }

  setState(state: PlaneViewState): void {
    this.state = state;
    const { slope, intercept } = this.volume?.info.rescale ?? { slope: 1, intercept: 0 };
    this.slicePlane.setOrigin(...state.center);
    this.slicePlane.setNormal(...state.plane.normal);
    this.mapper.setSlabThickness(state.slab.thickness);
    this.mapper.setSlabType(SLAB_TYPES[state.slab.mode]);
    const property = this.actor.getProperty();
    // The texture holds stored values: the window is taken back through the Modality LUT.
    property.setColorWindow(state.window.width / Math.abs(slope || 1));
    property.setColorLevel((state.window.center - intercept) / (slope || 1));
    if (state.nearest) property.setInterpolationTypeToNearest();
    else property.setInterpolationTypeToLinear();
  }

  prepare(rect: DOMRect): void {
    const s = this.state;
    if (!s) return;
    const camera = this.renderer.getActiveCamera();
    // The viewport's middle shows the centre shifted by the pan.
    const focal = add(s.center, add(scale(s.plane.right, -s.pan[0]), scale(s.plane.down, -s.pan[1])));
    camera.setFocalPoint(...focal);
    camera.setPosition(...add(focal, scale(s.plane.normal, -1000)));
    camera.setViewUp(...scale(s.plane.down, -1));
    camera.setParallelScale((rect.height / 2) * s.mmPerPixel);
    camera.setClippingRange(1, 2000);
  }

  hasImage(): boolean {
    return !!this.volume;
  }
}
