import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

const PIXEL_DATA_TAGS = ['7FE00010', '7FE00008', '7FE00009'];

/** Whether an instance's metadata holds pixel data (integer, float or double). */
export function hasPixelData(instance: DicomJsonDataset): boolean {
  return PIXEL_DATA_TAGS.some((tag) => instance[tag] !== undefined);
}

/**
 * What to tell a reader who opens a series with no image in it (an RT Plan, a structure set, a
 * report: it opened to a black viewport without a word); undefined when some instance has pixels.
 */
export function imagelessSeriesMessage(instances: DicomJsonDataset[]): string | undefined {
  if (instances.length === 0 || instances.some(hasPixelData)) return undefined;
  const modality = String(instances[0]!['00080060']?.Value?.[0] ?? '').trim();
  const what = instances.length === 1 ? 'its one object carries' : `its ${instances.length} objects carry`;
  return `No image to show: this ${modality ? `${modality} ` : ''}series holds no pixel data (${what} none — a plan, structure set or report is not an image).`;
}
