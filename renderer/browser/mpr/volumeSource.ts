import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import { textureSteps, volumeGeometryOf, type VolumeGeometry } from '../../common/mpr/mprGeometry';
import { rangeOf } from '../../../electron/common/dicom/display/sampleRange';
import { samplesOfType } from '../../common/viewing/typedSamples';
import { floatsInChunks, rangeInChunks } from './chunkedWork';

/** A series' volume as every MPR and 3D view of a window shares it. */
export interface LoadedVolume {
  info: VolumeBlockInfo;
  geometry: VolumeGeometry;
  /** One image, one scalar array: vtk.js keys its GPU texture by the array, so all views share one texture. */
  image: vtkImageData;
  samples: Int16Array | Uint16Array | Int8Array | Uint8Array;
  /** Smallest and largest stored value. */
  range: [number, number];
  /** What the reader must know about how the volume was built (tilt, gaps, spacing). */
  notices: string[];
}

/** What the view shows of how the slices were placed; a tilted series is shown sheared, as acquired, never silently straightened. */
export function volumeNotices(info: VolumeBlockInfo): string[] {
  const notices = info.warnings.filter((w) => !/gantry tilt/.test(w));
  if ((info.tiltDegrees ?? 0) > 0.5) notices.unshift(`Gantry tilt ${info.tiltDegrees!.toFixed(1)}°: slices placed as acquired (sheared volume, not resampled)`);
  return notices;
}

/**
 * The decode-once block of a series as one vtk.js image whose samples are the stored values, kept
 * in their own type (16-bit stays 16-bit; the Modality LUT is applied by the views' windowing).
 * Geometry: the image's direction matrix carries the row, column and slice axes, the slice axis
 * leaning with the gantry tilt, so every view places voxels where the patient was.
 */
export async function loadVolume(client: HostClient, studyUid: string, seriesUid: string, gpu: { max3dTextureSize: number; norm16: boolean }): Promise<LoadedVolume> {
  const [info, buffer] = await Promise.all([
    client.call('getSeriesVolumeInfo', { params: { studyUid, seriesUid } }),
    client.call('getSeriesVolume', { params: { studyUid, seriesUid } }),
  ]);
  return assembleVolumeInChunks(info, buffer, gpu);
}

/** Every `step`-th voxel along each axis: a volume larger than the GPU's 3D texture limit, thinned to fit. */
function thinned(samples: LoadedVolume['samples'], dims: [number, number, number], step: [number, number, number]): LoadedVolume['samples'] {
  const out = dims.map((d, i) => Math.ceil(d / step[i]!)) as [number, number, number];
  const result = new (samples.constructor as new (n: number) => LoadedVolume['samples'])(out[0] * out[1] * out[2]);
  let o = 0;
  for (let k = 0; k < dims[2]; k += step[2]) for (let j = 0; j < dims[1]; j += step[1]) for (let i = 0; i < dims[0]; i += step[0]) result[o++] = samples[(k * dims[1] + j) * dims[0] + i]!;
  return result;
}

/** The block's samples, thinned to the GPU's 3D texture limit where needed (rare), and what to tell the reader. */
function fitted(info: VolumeBlockInfo, buffer: ArrayBuffer, max3dTextureSize: number): { samples: LoadedVolume['samples']; geometry: VolumeGeometry; notices: string[] } {
  let samples = samplesOfType(info.sampleType, buffer) as LoadedVolume['samples'];
  const full = volumeGeometryOf(info);
  const step = textureSteps(full.dimensions, max3dTextureSize);
  const notices = volumeNotices(info);
  if (!step.some((s) => s > 1)) return { samples, geometry: full, notices };
  samples = thinned(samples, full.dimensions, step);
  const geometry = { ...full, dimensions: full.dimensions.map((d, i) => Math.ceil(d / step[i]!)) as [number, number, number], spacing: full.spacing.map((s, i) => s * step[i]!) as [number, number, number] };
  notices.unshift(`${full.dimensions.join('×')} exceeds this GPU's 3D texture limit (${max3dTextureSize}): shown at ${geometry.dimensions.join('×')} (every ${step.join('/')} voxel(s)) — MPR and 3D are coarser than the images`);
  return { samples, geometry, notices };
}

function volumeImage(geometry: VolumeGeometry, values: ArrayLike<number> & ArrayBufferView, range: [number, number]): vtkImageData {
  const image = vtkImageData.newInstance();
  image.setDimensions(geometry.dimensions);
  image.setSpacing(geometry.spacing);
  image.setOrigin(geometry.origin);
  // vtk.js direction: the columns of the index-to-world matrix, i.e. the three axes in turn.
  image.setDirection([...geometry.axes[0], ...geometry.axes[1], ...geometry.axes[2]]);
  const scalars = vtkDataArray.newInstance({ numberOfComponents: 1, values: values as unknown as number[], name: 'stored values' });
  scalars.setRange({ min: range[0], max: range[1] }, 0);
  image.getPointData().setScalars(scalars);
  return image;
}

/**
 * The volume image over the block's bytes (no copy: the typed array is a view of `buffer`), in one
 * go. A volume larger than `max3dTextureSize` along an axis is thinned to fit, and says so.
 */
export function assembleVolume(info: VolumeBlockInfo, buffer: ArrayBuffer, max3dTextureSize = Infinity): LoadedVolume {
  const { samples, geometry, notices } = fitted(info, buffer, max3dTextureSize);
  const range = info.sampleRange ?? rangeOf(samples);
  return { info, geometry, image: volumeImage(geometry, samples, range), samples, range, notices };
}

/**
 * The same, a chunk per task (the page stays responsive with a 300-slice CT). Without 16-bit
 * normalized textures on this GPU, the texture's values are a float copy (vtk.js would otherwise
 * make it in one blocking pass): the documented fallback, twice the bytes. `samples` stay 16-bit.
 */
export async function assembleVolumeInChunks(info: VolumeBlockInfo, buffer: ArrayBuffer, gpu: { max3dTextureSize: number; norm16: boolean }): Promise<LoadedVolume> {
  const { samples, geometry, notices } = fitted(info, buffer, gpu.max3dTextureSize);
  // The host takes the range as it builds the block; only blocks of earlier versions are scanned here.
  const range = info.sampleRange ?? (await rangeInChunks(samples));
  const sixteenBit = samples instanceof Int16Array || samples instanceof Uint16Array;
  const values = sixteenBit && !gpu.norm16 ? await floatsInChunks(samples) : samples;
  return { info, geometry, image: volumeImage(geometry, values, range), samples, range, notices };
}

/** Volumes of one window, loaded once each: every view of a series gets the same image (one texture). */
export class VolumeSource {
  private readonly volumes = new Map<string, Promise<LoadedVolume>>();

  constructor(
    private readonly client: HostClient,
    /** The window's GL_MAX_3D_TEXTURE_SIZE and whether it has EXT_texture_norm16. */
    private readonly gpu = { max3dTextureSize: Infinity, norm16: true },
  ) {}

  get(studyUid: string, seriesUid: string): Promise<LoadedVolume> {
    const key = `${studyUid}/${seriesUid}`;
    let volume = this.volumes.get(key);
    if (!volume) {
      volume = loadVolume(this.client, studyUid, seriesUid, this.gpu);
      volume.catch(() => this.volumes.delete(key));
      this.volumes.set(key, volume);
    }
    return volume;
  }

  /**
   * Releases every volume this window loaded (its vtk.js image, and with it the GPU texture vtk.js
   * keys by its array): the MPR/3D workspace went away. They were kept for the whole session.
   */
  dispose(): void {
    for (const volume of this.volumes.values()) volume.then((v) => v.image.delete(), () => undefined);
    this.volumes.clear();
  }
}
