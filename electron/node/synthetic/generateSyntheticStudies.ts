import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cross, dot, normalize } from '../../common/dicom/geometry/vec3';
import { writeDicomFile, type WriteElement } from '../../common/dicom/write/dicomWriter';
import { arcLength, chestPhantomObjects, compilePhantom, type PhantomObject } from './chestPhantom';
import { renderPhantomSlice } from './renderPhantomSlice';
import { generatePetCtStudy } from './generatePetCt';
import type { PetCtDroTruth } from './petCtDro';
import { chestSeriesPlans, type AcquisitionSize, type SeriesPlan } from './seriesPlans';
import { syntheticUid } from './syntheticUids';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

export interface GeneratePreset {
  name: string;
  description: string;
  size: AcquisitionSize;
  /** Tilted and double-oblique acquisitions in the current study. */
  extraAcquisitions: boolean;
  /** Another study than the chest CT pair: `petct`, the PET/CT digital reference object (generatePetCt.ts). */
  kind?: 'petct';
}

export const GENERATE_PRESETS: Record<string, GeneratePreset> = {
  tiny: { name: 'tiny', description: '96×96, 5 mm: for tests', size: { matrix: 96, thinSpacing: 5, slices: 56, fov: 360 }, extraAcquisitions: true },
  chest: { name: 'chest', description: '256×256, 2.5 mm chest CT with its prior (the default; seconds)', size: { matrix: 256, thinSpacing: 2.5, slices: 112, fov: 360 }, extraAcquisitions: true },
  'chest-large': { name: 'chest-large', description: '512×512, 1 mm, 300 slices', size: { matrix: 512, thinSpacing: 1, slices: 300, fov: 360 }, extraAcquisitions: false },
  petct: { name: 'petct', description: 'PET/CT reference object: FDG PET (hot spheres of known SUV) and CT on different grids', size: { matrix: 256, thinSpacing: 2.5, slices: 41, fov: 307 }, extraAcquisitions: false, kind: 'petct' },
};

export interface GenerateOptions {
  outDir: string;
  preset: GeneratePreset;
  /** Override the thin-series matrix and slice count (up to 512×512×1000). */
  matrix?: number;
  slices?: number;
  /** Everything derives from it: UIDs, noise. */
  seed?: string;
  /** Only these series (plan keys), e.g. ['axial-soft-thin'] for a benchmark volume. */
  onlySeries?: string[];
  /** Leave out the prior study. */
  currentOnly?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** What was generated, written beside the files as lightbox-phantom.json: the ground truth for tests. */
export interface GeneratedManifest {
  seed: string;
  patient: { name: string; id: string; birthDate: string; sex: string };
  studies: Array<{
    studyInstanceUid: string;
    accessionNumber: string;
    studyDate: string;
    description: string;
    folder: string;
    phantom: PhantomObject[];
    series: Array<{
      seriesInstanceUid: string;
      seriesNumber: number;
      key: string;
      description: string;
      folder: string;
      instances: number;
      rows: number;
      columns: number;
      pixelSpacing: [number, number];
      sliceThickness: number;
      gantryTilt?: number;
    }>;
  }>;
  curvedVesselLengthMm: number;
  /** The PET/CT reference object's truth (preset petct). */
  dro?: PetCtDroTruth;
  files: number;
  bytes: number;
}

const PATIENT = { name: 'LIGHTBOX^SYNTHETIC CHEST PHANTOM', id: 'LBX-SYN-0001', birthDate: '19600214', sex: 'O' };

function ds(tag: number, vr: string, v: string | number | Array<string | number>): WriteElement {
  const values = Array.isArray(v) ? v : [v];
  return typeof values[0] === 'number' && vr !== 'IS' && vr !== 'DS'
    ? { tag, vr, numbers: values as number[] }
    : vr === 'IS' || vr === 'DS'
      ? { tag, vr, numbers: values.map(Number) }
      : { tag, vr, strings: values.map(String) };
}

function instanceDataset(
  plan: SeriesPlan,
  index: number,
  study: { uid: string; date: string; accession: string; description: string; frameOfReference: string },
  seriesUid: string,
  sopInstanceUid: string,
  pixels: Uint16Array,
): WriteElement[] {
  const normal = normalize(cross(plan.rowCosines, plan.columnCosines));
  const position = plan.positions[index]!;
  const elements: WriteElement[] = [
    ds(0x00080005, 'CS', 'ISO_IR 192'),
    ds(0x00080008, 'CS', plan.imageType),
    ds(0x00080016, 'UI', CT_IMAGE_STORAGE),
    ds(0x00080018, 'UI', sopInstanceUid),
    ds(0x00080020, 'DA', study.date),
    ds(0x00080021, 'DA', study.date),
    ds(0x00080023, 'DA', study.date),
    ds(0x00080030, 'TM', '093000'),
    ds(0x00080031, 'TM', `0930${String(plan.seriesNumber).padStart(2, '0')}`),
    ds(0x00080050, 'SH', study.accession),
    ds(0x00080060, 'CS', plan.modality),
    ds(0x00080070, 'LO', 'Lightbox synthetic phantom'),
    ds(0x00080080, 'LO', 'Lightbox Synthetic Hospital'),
    { tag: 0x00080090, vr: 'PN', strings: [] },
    ds(0x00081030, 'LO', study.description),
    ds(0x0008103e, 'LO', plan.description),
    ds(0x00100010, 'PN', PATIENT.name),
    ds(0x00100020, 'LO', PATIENT.id),
    ds(0x00100030, 'DA', PATIENT.birthDate),
    ds(0x00100040, 'CS', PATIENT.sex),
    ds(0x00180015, 'CS', 'CHEST'),
    ds(0x00180050, 'DS', plan.sliceThickness),
    ds(0x00180060, 'DS', 120),
    ds(0x00181210, 'SH', plan.kernel),
    ds(0x00185100, 'CS', 'HFS'),
    ds(0x0020000d, 'UI', study.uid),
    ds(0x0020000e, 'UI', seriesUid),
    ds(0x00200010, 'SH', '1'),
    ds(0x00200011, 'IS', plan.seriesNumber),
    ds(0x00200012, 'IS', 1),
    ds(0x00200013, 'IS', index + 1),
    ds(0x00200032, 'DS', position),
    ds(0x00200037, 'DS', [...plan.rowCosines, ...plan.columnCosines]),
    ds(0x00200052, 'UI', study.frameOfReference),
    { tag: 0x00201040, vr: 'LO', strings: [] },
    ds(0x00201041, 'DS', Math.round(dot(position, normal) * 1000) / 1000),
    ds(0x00280002, 'US', 1),
    ds(0x00280004, 'CS', 'MONOCHROME2'),
    ds(0x00280010, 'US', plan.rows),
    ds(0x00280011, 'US', plan.columns),
    ds(0x00280030, 'DS', plan.pixelSpacing),
    ds(0x00280100, 'US', 16),
    ds(0x00280101, 'US', 12),
    ds(0x00280102, 'US', 11),
    ds(0x00280103, 'US', 0),
    ds(0x00281050, 'DS', plan.window.center),
    ds(0x00281051, 'DS', plan.window.width),
    ds(0x00281052, 'DS', plan.imageType.includes('LOCALIZER') ? 0 : -1024),
    ds(0x00281053, 'DS', 1),
    ds(0x00281054, 'LO', plan.imageType.includes('LOCALIZER') ? 'US' : 'HU'),
    ds(0x00281055, 'LO', plan.window.explanation),
    { tag: 0x7fe00010, vr: 'OW', bytes: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength) },
  ];
  if (plan.gantryTilt !== undefined) elements.push(ds(0x00181120, 'DS', plan.gantryTilt));
  return elements;
}

class PendingWrites {
  private readonly writes: Promise<void>[] = [];
  get size(): number {
    return this.writes.length;
  }
  add(write: Promise<void>): void {
    this.writes.push(write);
  }
  async drain(): Promise<void> {
    await Promise.all(this.writes.splice(0));
  }
}

/**
 * Writes a synthetic chest CT study and its prior for one patient, with correct geometry and
 * UIDs, plus lightbox-phantom.json describing the objects and series (the tests' ground truth).
 */
export async function generateSyntheticStudies(options: GenerateOptions): Promise<GeneratedManifest> {
  if (options.preset.kind === 'petct') return generatePetCtStudy(options);
  const seed = options.seed ?? 'lightbox-demo';
  const size: AcquisitionSize = {
    ...options.preset.size,
    ...(options.matrix ? { matrix: options.matrix } : {}),
    ...(options.slices ? { slices: options.slices } : {}),
  };
  if (size.matrix > 512 || size.slices > 1000) throw new Error('at most 512×512×1000');
  const allStudies = [
    { key: 'current', date: '20261120', accession: 'SYN26001', noduleScale: 1, prior: false, description: 'SYNTHETIC CT CHEST W CONTRAST (Lightbox phantom)' },
    { key: 'prior', date: '20251118', accession: 'SYN25001', noduleScale: 0.8, prior: true, description: 'SYNTHETIC CT CHEST W CONTRAST (Lightbox phantom)' },
  ];
  const studies = options.currentOnly ? allStudies.slice(0, 1) : allStudies;
  const plansByStudy = studies.map((s) =>
    chestSeriesPlans(size, { prior: s.prior, extraAcquisitions: options.preset.extraAcquisitions }).filter(
      (p) => !options.onlySeries || options.onlySeries.includes(p.key),
    ),
  );
  const total = plansByStudy.flat().reduce((n, p) => n + p.positions.length, 0);
  let done = 0;
  let bytes = 0;
  const pending = new PendingWrites();
  const manifest: GeneratedManifest = { seed, patient: PATIENT, studies: [], curvedVesselLengthMm: 0, files: 0, bytes: 0 };
  for (const [si, s] of studies.entries()) {
    const objects = chestPhantomObjects({ noduleScale: s.noduleScale });
    const phantom = compilePhantom(objects);
    const vessel = objects.find((o) => o.kind === 'arc-tube');
    if (vessel?.kind === 'arc-tube') manifest.curvedVesselLengthMm = arcLength(vessel);
    const study = {
      uid: syntheticUid(seed, `study/${s.key}`),
      date: s.date,
      accession: s.accession,
      description: s.description,
      frameOfReference: syntheticUid(seed, `for/${s.key}`),
    };
    const studyFolder = `${s.date}-${s.key}`;
    const studyEntry: GeneratedManifest['studies'][number] = {
      studyInstanceUid: study.uid,
      accessionNumber: s.accession,
      studyDate: s.date,
      description: s.description,
      folder: studyFolder,
      phantom: objects,
      series: [],
    };
    for (const plan of plansByStudy[si]!) {
      const seriesUid = syntheticUid(seed, `series/${s.key}/${plan.key}`);
      const seriesFolder = `${String(plan.seriesNumber).padStart(2, '0')}-${plan.key}`;
      const dir = path.join(options.outDir, studyFolder, seriesFolder);
      await mkdir(dir, { recursive: true });
      for (let i = 0; i < plan.positions.length; i++) {
        const sop = syntheticUid(seed, `sop/${s.key}/${plan.key}/${i}`);
        const pixels = renderPhantomSlice(plan, i, phantom, plan.seriesNumber * 1000 + si);
        const file = writeDicomFile(instanceDataset(plan, i, study, seriesUid, sop, pixels), { sopClassUid: CT_IMAGE_STORAGE, sopInstanceUid: sop });
        // Keep a few writes in flight so rendering the next slice overlaps the disk.
        pending.add(writeFile(path.join(dir, `${String(i + 1).padStart(4, '0')}.dcm`), file));
        if (pending.size >= 8) await pending.drain();
        bytes += file.length;
        done++;
        options.onProgress?.(done, total);
      }
      studyEntry.series.push({
        seriesInstanceUid: seriesUid,
        seriesNumber: plan.seriesNumber,
        key: plan.key,
        description: plan.description,
        folder: path.join(studyFolder, seriesFolder),
        instances: plan.positions.length,
        rows: plan.rows,
        columns: plan.columns,
        pixelSpacing: plan.pixelSpacing,
        sliceThickness: plan.sliceThickness,
        ...(plan.gantryTilt !== undefined ? { gantryTilt: plan.gantryTilt } : {}),
      });
    }
    manifest.studies.push(studyEntry);
  }
  await pending.drain();
  manifest.files = done;
  manifest.bytes = bytes;
  await writeFile(path.join(options.outDir, 'lightbox-phantom.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
