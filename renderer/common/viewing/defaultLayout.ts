import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

/**
 * Series kinds with no images to hang (reports, presentation states, key objects, raw data), and
 * results drawn over the images they are about instead (segmentations, structure sets).
 */
const NON_IMAGE_MODALITIES = new Set(['SR', 'PR', 'KO', 'RAW', 'REG', 'FID', 'RWV', 'DOC', 'AU', 'ECG', 'SEG', 'RTSTRUCT']);

/** The image series of a study (QIDO-RS series rows), in series-number order. */
export function imageSeries(rows: DicomJsonDataset[]): DicomJsonDataset[] {
  return rows
    .filter((s) => !NON_IMAGE_MODALITIES.has(String(s['00080060']?.Value?.[0] ?? '')))
    .sort((a, b) => Number(a['00200011']?.Value?.[0] ?? 0) - Number(b['00200011']?.Value?.[0] ?? 0));
}

/** The grid a study opens in until a hanging protocol decides: room for every series, up to 3×3. */
export function defaultGrid(seriesCount: number): { rows: number; columns: number } {
  if (seriesCount <= 1) return { rows: 1, columns: 1 };
  if (seriesCount === 2) return { rows: 1, columns: 2 };
  if (seriesCount <= 4) return { rows: 2, columns: 2 };
  if (seriesCount <= 6) return { rows: 2, columns: 3 };
  return { rows: 3, columns: 3 };
}
