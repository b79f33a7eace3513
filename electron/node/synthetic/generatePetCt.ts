import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Vec3 } from '../../common/dicom/geometry/vec3';
import { formatDecimalString, writeDicomFile, type WriteElement } from '../../common/dicom/write/dicomWriter';
import type { GeneratedManifest, GenerateOptions } from './generateSyntheticStudies';
import { droValueAt, petCtDroTruth, type PetCtDroTruth } from './petCtDro';
import { syntheticUid } from './syntheticUids';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const PET_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.128';
const PATIENT = { name: 'LIGHTBOX^SYNTHETIC PET CT DRO', id: 'LBX-SYN-PET-0001', birthDate: '19580611', sex: 'M' };

/** An axial grid: matrix, in-plane spacing, slice positions (the first voxel's centre per slice). */
interface AxialGrid {
  key: 'ct' | 'pet';
  seriesNumber: number;
  description: string;
  matrix: number;
  pixelSpacing: number;
  sliceThickness: number;
  origin: [number, number];
  sliceZ: number[];
}

/**
 * The CT and the PET cover the same body on different grids (spacing, matrix, origin and slice
 * positions all differ) in one Frame of Reference: fusion must resample through patient space.
 * The PET grid is a GE Discovery ST's (128², 2.34 mm, 3.27 mm slices).
 */
function grids(slicesScale: number): AxialGrid[] {
  const ctSlices = Math.max(8, Math.round(41 * slicesScale));
  const petSlices = Math.max(8, Math.round(33 * slicesScale));
  return [
    { key: 'ct', seriesNumber: 2, description: 'CT DRO 1.2mm', matrix: 256, pixelSpacing: 1.2, sliceThickness: 2.5, origin: [-153, -153], sliceZ: Array.from({ length: ctSlices }, (_, n) => -((ctSlices - 1) * 2.5) / 2 + n * 2.5) },
    {
      key: 'pet',
      seriesNumber: 3,
      description: 'PET AC DRO (SUVbw known)',
      matrix: 128,
      pixelSpacing: 2.34375,
      sliceThickness: 3.27,
      origin: [-148.8, -149.4],
      sliceZ: Array.from({ length: petSlices }, (_, n) => -((petSlices - 1) * 3.27) / 2 + 0.4 + n * 3.27),
    },
  ];
}

const el = (tag: number, vr: string, ...v: Array<string | number>): WriteElement =>
  typeof v[0] === 'number' && vr !== 'DS' && vr !== 'IS' ? { tag, vr, numbers: v as number[] } : { tag, vr, strings: v.map((x) => (typeof x === 'number' ? formatDecimalString(x) : x)) };
const code = (value: string, scheme: string, meaning: string): WriteElement[] => [el(0x00080100, 'SH', value), el(0x00080102, 'SH', scheme), el(0x00080104, 'LO', meaning)];

/** Bq/ml of an SUVbw at the PET's decay reference (START = series time): SUV × decayed dose / weight (g). */
export function droActivityConcentration(truth: PetCtDroTruth, suv: number): number {
  const seconds = (dt: string) => Date.UTC(+dt.slice(0, 4), +dt.slice(4, 6) - 1, +dt.slice(6, 8), +dt.slice(8, 10), +dt.slice(10, 12), +dt.slice(12, 14)) / 1000;
  const decay = seconds(truth.petSeriesDateTime) - seconds(truth.injection.dateTime);
  return (suv * truth.injection.doseBq * 2 ** (-decay / truth.injection.halfLifeSeconds)) / (truth.patient.weightKg * 1000);
}

function sliceValues(grid: AxialGrid, z: number, truth: PetCtDroTruth, pick: (v: { suv: number; hu: number }) => number): Float64Array {
  const out = new Float64Array(grid.matrix * grid.matrix);
  for (let r = 0; r < grid.matrix; r++)
    for (let c = 0; c < grid.matrix; c++) {
      const p: Vec3 = [grid.origin[0] + c * grid.pixelSpacing, grid.origin[1] + r * grid.pixelSpacing, z];
      out[r * grid.matrix + c] = pick(droValueAt(truth, p));
    }
  return out;
}

/**
 * Writes the PET/CT DRO study (`lightbox generate --preset petct`): a CT and an FDG PET (Units BQML,
 * Decay Correction START, per-slice Rescale Slope as GE writes it), with lightbox-phantom.json
 * carrying the truth (`dro`: sphere centres, diameters and SUVs; the injection and the patient).
 */
export async function generatePetCtStudy(options: GenerateOptions): Promise<GeneratedManifest> {
  const seed = options.seed ?? 'lightbox-petct';
  const truth = petCtDroTruth();
  const studyDate = truth.petSeriesDateTime.slice(0, 8);
  const study = { uid: syntheticUid(seed, 'study/petct'), frameOfReference: syntheticUid(seed, 'for/petct'), accession: 'SYNPET26001', description: 'SYNTHETIC PET/CT DRO (Lightbox)' };
  const plans = grids((options.slices ?? 41) / 41).filter((g) => !options.onlySeries || options.onlySeries.includes(g.key));
  const total = plans.reduce((n, g) => n + g.sliceZ.length, 0);
  const folder = `${studyDate}-petct`;
  const manifest: GeneratedManifest = { seed, patient: PATIENT, studies: [], curvedVesselLengthMm: 0, files: 0, bytes: 0, dro: truth };
  const entry: GeneratedManifest['studies'][number] = { studyInstanceUid: study.uid, accessionNumber: study.accession, studyDate, description: study.description, folder, phantom: [], series: [] };
  let done = 0;
  for (const grid of plans) {
    const seriesUid = syntheticUid(seed, `series/petct/${grid.key}`);
    const seriesFolder = `${String(grid.seriesNumber).padStart(2, '0')}-${grid.key}`;
    const dir = path.join(options.outDir, folder, seriesFolder);
    await mkdir(dir, { recursive: true });
    for (const [n, z] of grid.sliceZ.entries()) {
      const sop = syntheticUid(seed, `sop/petct/${grid.key}/${n}`);
      const common: WriteElement[] = [
        el(0x00080005, 'CS', 'ISO_IR 192'),
        el(0x00080008, 'CS', 'ORIGINAL', 'PRIMARY', ...(grid.key === 'ct' ? ['AXIAL'] : [])),
        el(0x00080016, 'UI', grid.key === 'ct' ? CT_IMAGE_STORAGE : PET_IMAGE_STORAGE),
        el(0x00080018, 'UI', sop),
        el(0x00080020, 'DA', studyDate),
        el(0x00080021, 'DA', studyDate),
        el(0x00080022, 'DA', studyDate),
        el(0x00080030, 'TM', '085000'),
        el(0x00080031, 'TM', grid.key === 'ct' ? '085500' : truth.petSeriesDateTime.slice(8)),
        el(0x00080032, 'TM', grid.key === 'ct' ? '085500' : truth.petSeriesDateTime.slice(8)),
        el(0x00080050, 'SH', study.accession),
        el(0x00080060, 'CS', grid.key === 'ct' ? 'CT' : 'PT'),
        el(0x00080070, 'LO', 'Lightbox synthetic phantom'),
        { tag: 0x00080090, vr: 'PN', strings: [] },
        el(0x00081030, 'LO', study.description),
        el(0x0008103e, 'LO', grid.description),
        el(0x00100010, 'PN', PATIENT.name),
        el(0x00100020, 'LO', PATIENT.id),
        el(0x00100030, 'DA', PATIENT.birthDate),
        el(0x00100040, 'CS', PATIENT.sex),
        el(0x00101020, 'DS', truth.patient.heightM),
        el(0x00101030, 'DS', truth.patient.weightKg),
        el(0x00180050, 'DS', grid.sliceThickness),
        el(0x00185100, 'CS', 'HFS'),
        el(0x0020000d, 'UI', study.uid),
        el(0x0020000e, 'UI', seriesUid),
        el(0x00200010, 'SH', '1'),
        el(0x00200011, 'IS', grid.seriesNumber),
        el(0x00200013, 'IS', n + 1),
        el(0x00200032, 'DS', grid.origin[0], grid.origin[1], z),
        el(0x00200037, 'DS', 1, 0, 0, 0, 1, 0),
        el(0x00200052, 'UI', study.frameOfReference),
        { tag: 0x00201040, vr: 'LO', strings: [] },
        el(0x00201041, 'DS', z),
        el(0x00280002, 'US', 1),
        el(0x00280004, 'CS', 'MONOCHROME2'),
        el(0x00280010, 'US', grid.matrix),
        el(0x00280011, 'US', grid.matrix),
        el(0x00280030, 'DS', grid.pixelSpacing, grid.pixelSpacing),
        el(0x00280100, 'US', 16),
      ];
      const elements = grid.key === 'ct' ? [...common, ...ctElements(grid, z, truth)] : [...common, ...petElements(grid, n, z, truth)];
      const file = writeDicomFile(elements, { sopClassUid: grid.key === 'ct' ? CT_IMAGE_STORAGE : PET_IMAGE_STORAGE, sopInstanceUid: sop });
      await writeFile(path.join(dir, `${String(n + 1).padStart(4, '0')}.dcm`), file);
      manifest.bytes += file.length;
      done++;
      options.onProgress?.(done, total);
    }
    entry.series.push({
      seriesInstanceUid: seriesUid,
      seriesNumber: grid.seriesNumber,
      key: grid.key,
      description: grid.description,
      folder: path.join(folder, seriesFolder),
      instances: grid.sliceZ.length,
      rows: grid.matrix,
      columns: grid.matrix,
      pixelSpacing: [grid.pixelSpacing, grid.pixelSpacing],
      sliceThickness: grid.sliceThickness,
    });
  }
  manifest.studies.push(entry);
  manifest.files = done;
  await writeFile(path.join(options.outDir, 'lightbox-phantom.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function ctElements(grid: AxialGrid, z: number, truth: PetCtDroTruth): WriteElement[] {
  const hu = sliceValues(grid, z, truth, (v) => v.hu);
  const pixels = Uint16Array.from(hu, (h) => h + 1024);
  return [
    el(0x00180060, 'DS', 120),
    el(0x00280101, 'US', 12),
    el(0x00280102, 'US', 11),
    el(0x00280103, 'US', 0),
    el(0x00281050, 'DS', 40),
    el(0x00281051, 'DS', 400),
    el(0x00281052, 'DS', -1024),
    el(0x00281053, 'DS', 1),
    el(0x00281054, 'LO', 'HU'),
    { tag: 0x7fe00010, vr: 'OW', bytes: new Uint8Array(pixels.buffer) },
  ];
}

function petElements(grid: AxialGrid, n: number, z: number, truth: PetCtDroTruth): WriteElement[] {
  const activity = sliceValues(grid, z, truth, (v) => droActivityConcentration(truth, v.suv));
  // Per-slice Rescale Slope as GE writes it: the slice's maximum maps to 32767. The slope is
  // quantised as the DS will carry it, so stored × written slope is the activity to ±½ step.
  const max = activity.reduce((m, v) => Math.max(m, v), 0);
  const slope = Number(formatDecimalString(max > 0 ? max / 32767 : 1));
  const pixels = Int16Array.from(activity, (v) => Math.round(v / slope));
  const frameMs = 180_000;
  const lambda = Math.LN2 / truth.injection.halfLifeSeconds;
  const averageCountRateMs = (Math.log((lambda * frameMs) / 1000 / -Math.expm1((-lambda * frameMs) / 1000)) / lambda) * 1000;
  return [
    el(0x00181242, 'IS', frameMs),
    el(0x00280051, 'CS', 'DECY', 'ATTN', 'SCAT', 'DTIM', 'RAN', 'NORM'),
    el(0x00280101, 'US', 16),
    el(0x00280102, 'US', 15),
    el(0x00280103, 'US', 1),
    el(0x00281052, 'DS', 0),
    el(0x00281053, 'DS', slope),
    {
      tag: 0x00540016,
      vr: 'SQ',
      items: [
        [
          el(0x00180031, 'LO', 'Fluorodeoxyglucose F^18^'),
          el(0x00181072, 'TM', truth.injection.dateTime.slice(8)),
          el(0x00181074, 'DS', truth.injection.doseBq),
          el(0x00181075, 'DS', truth.injection.halfLifeSeconds),
          el(0x00181076, 'DS', 0.9673),
          el(0x00181078, 'DT', truth.injection.dateTime),
          { tag: 0x00540300, vr: 'SQ', items: [code('C-111A1', 'SRT', '^18^Fluorine')] },
          { tag: 0x00540304, vr: 'SQ', items: [code('C-B1031', 'SRT', 'Fluorodeoxyglucose F^18^')] },
        ],
      ],
    },
    el(0x00540081, 'US', grid.sliceZ.length),
    el(0x00540101, 'US', 1),
    el(0x00541000, 'CS', 'WHOLE BODY', 'IMAGE'),
    el(0x00541001, 'CS', 'BQML'),
    el(0x00541002, 'CS', 'EMISSION'),
    el(0x00541102, 'CS', 'START'),
    el(0x00541300, 'DS', Number(averageCountRateMs.toFixed(3))),
    el(0x00541321, 'DS', Number((2 ** (averageCountRateMs / 1000 / truth.injection.halfLifeSeconds)).toFixed(6))),
    el(0x00541330, 'US', n + 1),
    { tag: 0x7fe00010, vr: 'OW', bytes: new Uint8Array(pixels.buffer) },
  ];
}
