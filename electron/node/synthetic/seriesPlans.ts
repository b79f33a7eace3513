import { add, cross, normalize, scale, type Vec3 } from '../../common/dicom/geometry/vec3';

/** How one image's pixels are sampled from the phantom. */
export type SamplingMode =
  | { kind: 'plane' }
  /** Thick slices: the mean of `samples` planes spread over `thickness` mm along the normal. */
  | { kind: 'slab'; thickness: number; samples: number }
  /** Scout/localizer: a projection through the body along the plane normal. */
  | { kind: 'projection'; depth: number };

export interface SeriesPlan {
  key: string;
  seriesNumber: number;
  description: string;
  modality: 'CT';
  imageType: string[];
  kernel: string;
  rows: number;
  columns: number;
  /** [between rows, between columns] mm. */
  pixelSpacing: [number, number];
  rowCosines: Vec3;
  columnCosines: Vec3;
  /** Top-left pixel centre of each image, in acquisition order. */
  positions: Vec3[];
  sliceThickness: number;
  sampling: SamplingMode;
  /** Standard deviation of the image noise in HU (sharper kernels are noisier). */
  noiseSd: number;
  window: { center: number; width: number; explanation: string };
  gantryTilt?: number;
}

export interface AcquisitionSize {
  /** Matrix of the axial series (square). */
  matrix: number;
  /** Thin-slice spacing and thickness, mm. */
  thinSpacing: number;
  /** Number of thin axial slices. */
  slices: number;
  /** Field of view of the axial series, mm. */
  fov: number;
}

const AXIAL_ROW: Vec3 = [1, 0, 0];
const AXIAL_COL: Vec3 = [0, 1, 0];

/** A stack of parallel images whose centres lie on the axis through `center`. */
function stack(
  center: Vec3,
  rowCosines: Vec3,
  columnCosines: Vec3,
  rows: number,
  columns: number,
  pixelSpacing: [number, number],
  count: number,
  step: Vec3,
): Vec3[] {
  const halfWidth = ((columns - 1) / 2) * pixelSpacing[1];
  const halfHeight = ((rows - 1) / 2) * pixelSpacing[0];
  const topLeftOfCenter = add(center, add(scale(rowCosines, -halfWidth), scale(columnCosines, -halfHeight)));
  // Slices run from the last to the first, so that the series is acquired feet-first-to-head like a real CT.
  return Array.from({ length: count }, (_, i) => add(topLeftOfCenter, scale(step, i - (count - 1) / 2)));
}

const LUNG_WINDOW = { center: -600, width: 1500, explanation: 'LUNG' };
const SOFT_WINDOW = { center: 40, width: 400, explanation: 'MEDIASTINUM' };

/** The series of a chest CT study: scout, thin soft/lung axials, thick axial, coronal/sagittal reformats, and optionally tilted and oblique acquisitions. */
export function chestSeriesPlans(size: AcquisitionSize, options: { prior: boolean; extraAcquisitions: boolean }): SeriesPlan[] {
  const ps = size.fov / size.matrix;
  const spacing: [number, number] = [ps, ps];
  const zExtent = size.slices * size.thinSpacing;
  const origin: Vec3 = [0, 0, 0];
  const axialThin = stack(origin, AXIAL_ROW, AXIAL_COL, size.matrix, size.matrix, spacing, size.slices, [0, 0, size.thinSpacing]);
  const thick = Math.max(5, size.thinSpacing * 2);
  const thickCount = Math.max(2, Math.floor(zExtent / thick));
  const reformatSpacing = Math.max(3, size.thinSpacing);
  const zRows = Math.round(zExtent / ps);
  const coronalRow: Vec3 = [1, 0, 0];
  const coronalCol: Vec3 = [0, 0, -1];
  const sagittalRow: Vec3 = [0, 1, 0];
  const sagittalCol: Vec3 = [0, 0, -1];
  const plans: SeriesPlan[] = [
    {
      key: 'scout',
      seriesNumber: 1,
      description: 'Scout',
      modality: 'CT',
      imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'],
      kernel: 'STANDARD',
      rows: zRows,
      columns: size.matrix,
      pixelSpacing: spacing,
      rowCosines: coronalRow,
      columnCosines: coronalCol,
      positions: stack(origin, coronalRow, coronalCol, zRows, size.matrix, spacing, 1, [0, 1, 0]),
      sliceThickness: size.fov,
      sampling: { kind: 'projection', depth: 240 },
      noiseSd: 0,
      window: { center: 2000, width: 4000, explanation: 'SCOUT' },
    },
    {
      key: 'axial-soft-thin',
      seriesNumber: 2,
      description: `Axial ${size.thinSpacing}mm Soft Tissue`,
      modality: 'CT',
      imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      kernel: 'STANDARD',
      rows: size.matrix,
      columns: size.matrix,
      pixelSpacing: spacing,
      rowCosines: AXIAL_ROW,
      columnCosines: AXIAL_COL,
      positions: axialThin,
      sliceThickness: size.thinSpacing,
      sampling: { kind: 'plane' },
      noiseSd: 6,
      window: SOFT_WINDOW,
    },
    {
      key: 'axial-lung-thin',
      seriesNumber: 3,
      description: `Axial ${size.thinSpacing}mm Lung`,
      modality: 'CT',
      imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      kernel: 'LUNG',
      rows: size.matrix,
      columns: size.matrix,
      pixelSpacing: spacing,
      rowCosines: AXIAL_ROW,
      columnCosines: AXIAL_COL,
      positions: axialThin,
      sliceThickness: size.thinSpacing,
      sampling: { kind: 'plane' },
      noiseSd: 18,
      window: LUNG_WINDOW,
    },
  ];
  if (options.prior) return plans;
  plans.push(
    {
      key: 'axial-soft-thick',
      seriesNumber: 4,
      description: `Axial ${thick}mm Soft Tissue`,
      modality: 'CT',
      imageType: ['DERIVED', 'SECONDARY', 'AXIAL'],
      kernel: 'STANDARD',
      rows: size.matrix,
      columns: size.matrix,
      pixelSpacing: spacing,
      rowCosines: AXIAL_ROW,
      columnCosines: AXIAL_COL,
      positions: stack(origin, AXIAL_ROW, AXIAL_COL, size.matrix, size.matrix, spacing, thickCount, [0, 0, thick]),
      sliceThickness: thick,
      sampling: { kind: 'slab', thickness: thick, samples: 4 },
      noiseSd: 3,
      window: SOFT_WINDOW,
    },
    {
      key: 'coronal-reformat',
      seriesNumber: 5,
      description: `Coronal ${reformatSpacing}mm MPR`,
      modality: 'CT',
      imageType: ['DERIVED', 'SECONDARY', 'REFORMATTED'],
      kernel: 'STANDARD',
      rows: zRows,
      columns: size.matrix,
      pixelSpacing: spacing,
      rowCosines: coronalRow,
      columnCosines: coronalCol,
      positions: stack(origin, coronalRow, coronalCol, zRows, size.matrix, spacing, Math.floor(220 / reformatSpacing), [0, reformatSpacing, 0]),
      sliceThickness: reformatSpacing,
      sampling: { kind: 'slab', thickness: reformatSpacing, samples: 3 },
      noiseSd: 4,
      window: SOFT_WINDOW,
    },
    {
      key: 'sagittal-reformat',
      seriesNumber: 6,
      description: `Sagittal ${reformatSpacing}mm MPR`,
      modality: 'CT',
      imageType: ['DERIVED', 'SECONDARY', 'REFORMATTED'],
      kernel: 'STANDARD',
      rows: zRows,
      columns: Math.round(260 / ps),
      pixelSpacing: spacing,
      rowCosines: sagittalRow,
      columnCosines: sagittalCol,
      positions: stack(origin, sagittalRow, sagittalCol, zRows, Math.round(260 / ps), spacing, Math.floor(300 / reformatSpacing), [reformatSpacing, 0, 0]),
      sliceThickness: reformatSpacing,
      sampling: { kind: 'slab', thickness: reformatSpacing, samples: 3 },
      noiseSd: 4,
      window: SOFT_WINDOW,
    },
  );
  if (options.extraAcquisitions) plans.push(tiltedSeries(size, 7), obliqueSeries(size, 8));
  return plans;
}

/** A head-to-feet acquisition with the gantry tilted: image planes tilted about x, table steps along z. */
function tiltedSeries(size: AcquisitionSize, seriesNumber: number): SeriesPlan {
  const tiltDeg = 15;
  const t = (tiltDeg * Math.PI) / 180;
  const matrix = Math.min(size.matrix, 256);
  const ps = size.fov / matrix;
  const col: Vec3 = [0, Math.cos(t), Math.sin(t)];
  const count = Math.floor(200 / 5);
  return {
    key: 'axial-tilted',
    seriesNumber,
    description: `Axial 5mm Gantry Tilt ${tiltDeg}deg`,
    modality: 'CT',
    imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    kernel: 'STANDARD',
    rows: matrix,
    columns: matrix,
    pixelSpacing: [ps, ps],
    rowCosines: AXIAL_ROW,
    columnCosines: col,
    positions: stack([0, 0, 0], AXIAL_ROW, col, matrix, matrix, [ps, ps], count, [0, 0, 5]),
    sliceThickness: 5,
    sampling: { kind: 'plane' },
    noiseSd: 6,
    window: SOFT_WINDOW,
    gantryTilt: tiltDeg,
  };
}

/** A double-oblique acquisition: planes rotated about two axes, slices stacked along their normal. */
function obliqueSeries(size: AcquisitionSize, seriesNumber: number): SeriesPlan {
  const a = (20 * Math.PI) / 180;
  const b = (30 * Math.PI) / 180;
  const row = normalize([Math.cos(b), Math.sin(b) * Math.sin(a), -Math.sin(b) * Math.cos(a)]);
  const col0: Vec3 = [0, Math.cos(a), Math.sin(a)];
  const normal = normalize(cross(row, col0));
  const col = normalize(cross(normal, row));
  const matrix = Math.min(size.matrix, 256);
  const ps = size.fov / matrix;
  const count = Math.floor(160 / 4);
  return {
    key: 'oblique',
    seriesNumber,
    description: 'Double Oblique 4mm',
    modality: 'CT',
    imageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    kernel: 'STANDARD',
    rows: matrix,
    columns: matrix,
    pixelSpacing: [ps, ps],
    rowCosines: row,
    columnCosines: col,
    positions: stack([0, 0, 0], row, col, matrix, matrix, [ps, ps], count, scale(normal, 4)),
    sliceThickness: 4,
    sampling: { kind: 'plane' },
    noiseSd: 6,
    window: SOFT_WINDOW,
  };
}
