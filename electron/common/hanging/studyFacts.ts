import type { DicomJsonDataset } from '../dicom/model/dicomJson';

/** What the engine knows of a series: QIDO-level attributes plus its first instance's header. */
export interface SeriesFacts {
  seriesInstanceUid: string;
  seriesNumber?: number;
  modality: string;
  seriesDescription: string;
  bodyPart: string;
  orientation?: 'axial' | 'sagittal' | 'coronal' | 'oblique';
  sliceThickness?: number;
  contrast: boolean;
  kernel: string;
  imageType: string[];
  frames: number;
  instances: number;
  viewPosition: string;
  laterality: string;
  /** Units (0054,1001) of a PET: BQML, CNTS, PROPCNTS… */
  units?: string;
  /**
   * A PET corrected for attenuation, by its header: Corrected Image (0028,0051) lists ATTN and its
   * Units are not counts (PROPCNTS/CNTS). Some scanners list ATTN on the uncorrected series too
   * (ACRIN's NAC does), so ATTN alone is not enough; the description is not consulted.
   */
  attenuationCorrected?: boolean;
}

/** Units that mean a PET's values are (proportional) counts: not attenuation-corrected activity. */
const COUNT_UNITS = new Set(['PROPCNTS', 'CNTS']);

/** Whether a PET's header says it is attenuation-corrected (see SeriesFacts.attenuationCorrected). */
export function attenuationCorrected(correctedImage: string[], units: string): boolean {
  return correctedImage.some((c) => c.trim().toUpperCase() === 'ATTN') && !COUNT_UNITS.has(units.trim().toUpperCase());
}

/** A study as the engine matches it. */
export interface StudyFacts {
  studyInstanceUid: string;
  patientId: string;
  studyDate: string;
  studyDescription: string;
  modalities: string[];
  bodyPart: string;
  institution: string;
  numberOfImages: number;
  series: SeriesFacts[];
}

const values = (ds: DicomJsonDataset | undefined, tag: string): unknown[] => ds?.[tag]?.Value ?? [];
const text = (ds: DicomJsonDataset | undefined, tag: string): string => {
  const v = values(ds, tag)[0];
  return v === undefined || v === null ? '' : typeof v === 'object' ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v).trim();
};
const number = (ds: DicomJsonDataset | undefined, tag: string): number | undefined => {
  const v = Number(values(ds, tag)[0]);
  return values(ds, tag).length && Number.isFinite(v) ? v : undefined;
};

/** The acquisition plane from Image Orientation (Patient): the axis the slice normal points along. */
export function planeOf(iop: number[]): SeriesFacts['orientation'] {
  if (iop.length !== 6) return undefined;
  const [a, b, c, d, e, f] = iop as [number, number, number, number, number, number];
  const n = [b * f - c * e, c * d - a * f, a * e - b * d].map(Math.abs) as [number, number, number];
  const max = Math.max(...n);
  if (max < 0.8) return 'oblique';
  return max === n[2] ? 'axial' : max === n[0] ? 'sagittal' : 'coronal';
}

/** Series facts from its QIDO-RS row and (when fetched) its first instance's metadata. */
export function seriesFacts(row: DicomJsonDataset, first?: DicomJsonDataset): SeriesFacts {
  const pick = (tag: string): string => text(first, tag) || text(row, tag);
  return {
    seriesInstanceUid: text(row, '0020000E'),
    seriesNumber: number(row, '00200011'),
    modality: text(row, '00080060'),
    seriesDescription: text(row, '0008103E'),
    bodyPart: pick('00180015').toUpperCase(),
    orientation: planeOf(values(first, '00200037').map(Number)),
    sliceThickness: number(first, '00180050'),
    contrast: text(first, '00180010') !== '' || text(first, '00180012') !== '',
    kernel: pick('00181210'),
    imageType: values(first, '00080008').map(String),
    frames: number(first, '00280008') ?? 1,
    instances: number(row, '00201209') ?? 0,
    viewPosition: pick('00185101').toUpperCase(),
    laterality: (pick('00200062') || pick('00200060')).toUpperCase(),
    ...(text(first, '00080060') === 'PT' || text(row, '00080060') === 'PT'
      ? { units: pick('00541001').toUpperCase(), attenuationCorrected: attenuationCorrected(values(first, '00280051').map(String), pick('00541001')) }
      : {}),
  };
}

/** Study facts from its QIDO-RS row and its series' facts. */
export function studyFacts(row: DicomJsonDataset, series: SeriesFacts[]): StudyFacts {
  const modalities = values(row, '00080061').map(String);
  return {
    studyInstanceUid: text(row, '0020000D'),
    patientId: text(row, '00100020'),
    studyDate: text(row, '00080020'),
    studyDescription: text(row, '00081030'),
    modalities: modalities.length ? modalities : [...new Set(series.map((s) => s.modality))],
    bodyPart: series.find((s) => s.bodyPart)?.bodyPart ?? '',
    institution: text(row, '00080080'),
    numberOfImages: number(row, '00201208') ?? series.reduce((n, s) => n + s.instances, 0),
    series,
  };
}

/** Studies from instance headers (the cache's metadata, or parsed files): each series by its first instance, counted. */
export function studyFactsFromInstances(instances: DicomJsonDataset[]): StudyFacts[] {
  const studies = new Map<string, Map<string, DicomJsonDataset[]>>();
  for (const ds of instances) {
    const study = text(ds, '0020000D');
    const series = text(ds, '0020000E');
    if (!study || !series) continue;
    const bySeries = studies.get(study) ?? new Map<string, DicomJsonDataset[]>();
    studies.set(study, bySeries);
    const list = bySeries.get(series);
    if (list) list.push(ds);
    else bySeries.set(series, [ds]);
  }
  // Each series by its lowest-numbered instance: the same heads the cache's series query gives.
  return [...studies.values()].map(
    (bySeries) =>
      studyFactsFromSeriesHeads(
        [...bySeries.values()].map((list) => ({ first: list.reduce((a, b) => ((number(b, '00200013') ?? 1e9) < (number(a, '00200013') ?? 1e9) ? b : a)), instances: list.length })),
      )!,
  );
}

/** A series as its first instance and its instance count: all the engine needs of it. */
export interface SeriesHead {
  first: DicomJsonDataset;
  instances: number;
}

/** A study's facts from its series heads (the cache's series query: one header per series, never every instance). */
export function studyFactsFromSeriesHeads(heads: SeriesHead[]): StudyFacts | undefined {
  if (heads.length === 0) return undefined;
  return studyFacts(
    heads[0]!.first,
    heads.map((h) => ({ ...seriesFacts(h.first, h.first), instances: h.instances })),
  );
}
