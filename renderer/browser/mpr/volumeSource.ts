import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import { volumeGeometryOf, type VolumeGeometry } from '../../common/mpr/mprGeometry';
import { rangeOf, samplesOfType } from '../../common/viewing/typedSamples';

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
export async function loadVolume(client: HostClient, studyUid: string, seriesUid: string): Promise<LoadedVolume> {
  const [info, buffer] = await Promise.all([
    client.call('getSeriesVolumeInfo', { params: { studyUid, seriesUid } }),
    client.call('getSeriesVolume', { params: { studyUid, seriesUid } }),
  ]);
  return assembleVolume(info, buffer);
}

/** The volume image over the block's bytes (no copy: the typed array is a view of `buffer`). */
export function assembleVolume(info: VolumeBlockInfo, buffer: ArrayBuffer): LoadedVolume {
  const samples = samplesOfType(info.sampleType, buffer) as LoadedVolume['samples'];
  const geometry = volumeGeometryOf(info);
  const image = vtkImageData.newInstance();
  image.setDimensions(geometry.dimensions);
  image.setSpacing(geometry.spacing);
  image.setOrigin(geometry.origin);
  // vtk.js direction: the columns of the index-to-world matrix, i.e. the three axes in turn.
  image.setDirection([...geometry.axes[0], ...geometry.axes[1], ...geometry.axes[2]]);
  const range = rangeOf(samples);
  const scalars = vtkDataArray.newInstance({ numberOfComponents: 1, values: samples, name: 'stored values' });
  scalars.setRange({ min: range[0], max: range[1] }, 0);
  image.getPointData().setScalars(scalars);
  return { info, geometry, image, samples, range, notices: volumeNotices(info) };
}

/** Volumes of one window, loaded once each: every view of a series gets the same image (one texture). */
export class VolumeSource {
  private readonly volumes = new Map<string, Promise<LoadedVolume>>();

  constructor(private readonly client: HostClient) {}

  get(studyUid: string, seriesUid: string): Promise<LoadedVolume> {
    const key = `${studyUid}/${seriesUid}`;
    let volume = this.volumes.get(key);
    if (!volume) {
      volume = loadVolume(this.client, studyUid, seriesUid);
      volume.catch(() => this.volumes.delete(key));
      this.volumes.set(key, volume);
    }
    return volume;
  }

  /** Lets go of every volume but `keep` (their textures go with the last view using them). */
  releaseAllBut(keep?: string): void {
    for (const key of this.volumes.keys()) if (key !== keep) this.volumes.delete(key);
  }
}
