import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { numberValue, sequenceItems, stringValue, stringValues } from '../dicom/model/dicomJsonAccess';
import { combineDateAndTime, parseDicomDateTime, parseDicomTime } from './dicomDateTime';
import { privateNumber, privateText } from './privateAttributes';
import type { SuvProblem } from './suvTypes';

/** A series-level value, or why there is none. */
export type Read<T> = { ok: true; value: T } | { ok: false; problem: SuvProblem };

/** One frame: a classic PET slice, or one frame of an Enhanced PET instance. */
export interface PetFrame {
  sopInstanceUid: string;
  frame: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** Start of this frame (bed position): Acquisition Date/Time, or Frame Acquisition DateTime. */
  acquisitionSeconds?: number;
  /** (0054,1300) ms from the decay-correction reference to this frame's average count-rate time. */
  frameReferenceTimeMs?: number;
  /** (0018,1242) or (0018,9220), ms. */
  frameDurationMs?: number;
  /** GE (0009,100D) "GEMS_PETD_01": the scan start, kept when the series is re-created. */
  gePrivateScanSeconds?: number;
  /** Philips (7053,1000) / (7053,1009) "Philips PET Private Group". */
  philipsSuvScaleFactor?: number;
  philipsActivityConcentrationScaleFactor?: number;
}

export interface InjectionTime {
  /** Radiopharmaceutical Start DateTime (0018,1078), when given. */
  dateTime?: number;
  /** Else Radiopharmaceutical Start Time (0018,1072), seconds since midnight: the date is inferred. */
  timeOfDay?: number;
  text: string;
}

export interface PetSeriesHeader {
  units: Read<string>;
  decayCorrection: Read<string>;
  correctedImage: Read<string[]>;
  weightKg: Read<number>;
  heightM: Read<number>;
  sex: Read<string>;
  injectedDoseBq: Read<number>;
  halfLifeSeconds: Read<number>;
  injection: Read<InjectionTime>;
  seriesSeconds: Read<number>;
  /** Enhanced PET (0018,9701): the time the frames are decay corrected to, stated outright. */
  decayCorrectionSeconds?: number;
  frames: PetFrame[];
  warnings: string[];
}

const TAGS = {
  Units: ['00541001', '(0054,1001)'],
  DecayCorrection: ['00541102', '(0054,1102)'],
  CorrectedImage: ['00280051', '(0028,0051)'],
  PatientWeight: ['00101030', '(0010,1030)'],
  PatientSize: ['00101020', '(0010,1020)'],
  PatientSex: ['00100040', '(0010,0040)'],
  RadionuclideTotalDose: ['00181074', '(0054,0016)/(0018,1074)'],
  RadionuclideHalfLife: ['00181075', '(0054,0016)/(0018,1075)'],
  RadiopharmaceuticalStartDateTime: ['00181078', '(0054,0016)/(0018,1078)'],
  RadiopharmaceuticalStartTime: ['00181072', '(0054,0016)/(0018,1072)'],
  SeriesDate: ['00080021', '(0008,0021)'],
  SeriesTime: ['00080031', '(0008,0031)'],
} as const;
type Keyword = keyof typeof TAGS;

export function problem(attribute: Keyword | string, kind: SuvProblem['kind'], message: string, tag?: string): SuvProblem {
  return { attribute, tag: tag ?? (TAGS as Record<string, readonly [string, string]>)[attribute]?.[1] ?? '', kind, message };
}

/**
 * The series-level value of an attribute over all instances: missing when no instance has it,
 * inconsistent when instances disagree (a mixed selection, or a re-written series).
 */
function seriesLevel<T>(datasets: DicomJsonDataset[], keyword: Keyword, read: (ds: DicomJsonDataset) => T | undefined, name: string): Read<T> {
  const seen = new Map<string, T>();
  let absent = 0;
  for (const ds of datasets) {
    const v = read(ds);
    if (v === undefined) absent++;
    else seen.set(JSON.stringify(v), v);
  }
  if (seen.size === 0) return { ok: false, problem: problem(keyword, 'missing', `${name} ${TAGS[keyword][1]} is missing`) };
  if (seen.size > 1 || absent > 0) {
    const values = [...seen.keys()].slice(0, 3).join(', ');
    return { ok: false, problem: problem(keyword, 'inconsistent', `${name} ${TAGS[keyword][1]} differs between the series' instances (${values}${absent ? `, and absent in ${absent}` : ''})`) };
  }
  return { ok: true, value: seen.values().next().value as T };
}

const radiopharmaceutical = (ds: DicomJsonDataset): DicomJsonDataset | undefined => sequenceItems(ds, '00540016')[0];

/** Functional group item of a frame: per-frame first, then shared (PS3.3 C.7.6.16). */
function frameGroup(ds: DicomJsonDataset, frameIndex: number, sequenceTag: string): DicomJsonDataset | undefined {
  const perFrame = sequenceItems(ds, '52009230')[frameIndex];
  return sequenceItems(perFrame, sequenceTag)[0] ?? sequenceItems(sequenceItems(ds, '52009229')[0], sequenceTag)[0];
}

function framesOf(ds: DicomJsonDataset): PetFrame[] {
  const sopInstanceUid = stringValue(ds, '00080018') ?? '';
  const common = {
    gePrivateScanSeconds: parseDicomDateTime(privateText(ds, 0x0009, 'GEMS_PETD_01', 0x0d)),
    philipsSuvScaleFactor: privateNumber(ds, 0x7053, 'Philips PET Private Group', 0x00),
    philipsActivityConcentrationScaleFactor: privateNumber(ds, 0x7053, 'Philips PET Private Group', 0x09),
  };
  const strip = (f: PetFrame): PetFrame => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as unknown as PetFrame;
  const count = Math.max(1, numberValue(ds, '00280008') ?? 1);
  if (count === 1 && !ds['52009230']) {
    const acquisition = parseDicomDateTime(stringValue(ds, '0008002A')) ?? combineDateAndTime(stringValue(ds, '00080022'), stringValue(ds, '00080032'));
    return [
      strip({
        sopInstanceUid,
        frame: 1,
        rescaleSlope: numberValue(ds, '00281053') ?? 1,
        rescaleIntercept: numberValue(ds, '00281052') ?? 0,
        acquisitionSeconds: acquisition,
        frameReferenceTimeMs: numberValue(ds, '00541300'),
        frameDurationMs: numberValue(ds, '00181242'),
        ...common,
      }),
    ];
  }
  // Enhanced PET (PS3.3 C.8.22): rescale and timing per frame, in functional groups.
  return Array.from({ length: count }, (_, i) => {
    const transform = frameGroup(ds, i, '00289145');
    const content = frameGroup(ds, i, '00209111');
    return strip({
      sopInstanceUid,
      frame: i + 1,
      rescaleSlope: numberValue(transform, '00281053') ?? numberValue(ds, '00281053') ?? 1,
      rescaleIntercept: numberValue(transform, '00281052') ?? numberValue(ds, '00281052') ?? 0,
      acquisitionSeconds: parseDicomDateTime(stringValue(content, '00189074')),
      frameDurationMs: numberValue(content, '00189220'),
      ...common,
    });
  });
}

/** Reads what SUV needs from a PET series' headers (DICOM JSON), naming each value it cannot use. */
export function readPetSeriesHeader(datasets: DicomJsonDataset[]): PetSeriesHeader {
  const warnings: string[] = [];
  const text = (tag: string) => (ds: DicomJsonDataset) => stringValue(ds, tag)?.trim() || undefined;
  const num = (tag: string) => (ds: DicomJsonDataset) => numberValue(ds, tag);
  const inRadiopharmaceutical = (tag: string) => (ds: DicomJsonDataset) => stringValue(radiopharmaceutical(ds), tag)?.trim() || undefined;

  const enhancedDecay = stringValue(datasets[0], '00189758'); // Decay Corrected YES/NO (Enhanced PET)
  const units = seriesLevel(datasets, 'Units', text('00541001'), 'Units');
  let decayCorrection = seriesLevel(datasets, 'DecayCorrection', text('00541102'), 'Decay Correction');
  if (!decayCorrection.ok && decayCorrection.problem.kind === 'missing' && enhancedDecay) {
    decayCorrection = { ok: true, value: enhancedDecay === 'YES' ? 'START' : 'NONE' };
  }
  let correctedImage = seriesLevel(datasets, 'CorrectedImage', (ds) => (ds['00280051'] ? stringValues(ds, '00280051').map((s) => s.trim()) : undefined), 'Corrected Image');
  if (!correctedImage.ok && correctedImage.problem.kind === 'missing' && stringValue(datasets[0], '00189759')) {
    // Enhanced PET states the corrections as flags (Attenuation Corrected, Decay Corrected).
    correctedImage = { ok: true, value: [...(stringValue(datasets[0], '00189759') === 'YES' ? ['ATTN'] : []), ...(enhancedDecay === 'YES' ? ['DECY'] : [])] };
  }

  const positive = (r: Read<number>, keyword: Keyword, name: string, zeroMeans: string): Read<number> =>
    r.ok && !(r.value > 0) ? { ok: false, problem: problem(keyword, 'invalid', `${name} ${TAGS[keyword][1]} is ${r.value}${r.value === 0 ? ` (${zeroMeans})` : ''}`) } : r;
  const weightKg = positive(seriesLevel(datasets, 'PatientWeight', num('00101030'), "Patient's Weight"), 'PatientWeight', "Patient's Weight", 'scanners write 0 when no weight was entered');
  let heightM = positive(seriesLevel(datasets, 'PatientSize', num('00101020'), "Patient's Size"), 'PatientSize', "Patient's Size", 'no height was entered');
  if (heightM.ok && heightM.value > 3) {
    heightM = { ok: false, problem: problem('PatientSize', 'invalid', `Patient's Size (0010,1020) is ${heightM.value}: not a height in metres (centimetres written as metres?)`) };
  }
  const sex = seriesLevel(datasets, 'PatientSex', text('00100040'), "Patient's Sex");

  const items = new Set(datasets.map((ds) => sequenceItems(ds, '00540016').length));
  if ([...items].some((n) => n > 1)) warnings.push('Radiopharmaceutical Information Sequence (0054,0016) has more than one item: the first is used');
  const injectedDoseBq = positive(
    seriesLevel(datasets, 'RadionuclideTotalDose', (ds) => numberValue(radiopharmaceutical(ds), '00181074'), 'Radionuclide Total Dose'),
    'RadionuclideTotalDose',
    'Radionuclide Total Dose',
    'no dose was entered',
  );
  if (injectedDoseBq.ok && injectedDoseBq.value < 1e6) warnings.push(`Radionuclide Total Dose is ${injectedDoseBq.value} Bq, below 1 MBq: was it written in MBq?`);
  const halfLifeSeconds = positive(
    seriesLevel(datasets, 'RadionuclideHalfLife', (ds) => numberValue(radiopharmaceutical(ds), '00181075'), 'Radionuclide Half Life'),
    'RadionuclideHalfLife',
    'Radionuclide Half Life',
    'not a radionuclide',
  );

  const injection = readInjection(datasets, inRadiopharmaceutical, warnings);
  const seriesDate = seriesLevel(datasets, 'SeriesDate', text('00080021'), 'Series Date');
  const seriesTime = seriesLevel(datasets, 'SeriesTime', text('00080031'), 'Series Time');
  let seriesSeconds: Read<number>;
  if (!seriesDate.ok) seriesSeconds = seriesDate;
  else if (!seriesTime.ok) seriesSeconds = seriesTime;
  else {
    const s = combineDateAndTime(seriesDate.value, seriesTime.value);
    seriesSeconds = s === undefined ? { ok: false, problem: problem('SeriesTime', 'invalid', `Series Date/Time ${seriesDate.value} ${seriesTime.value} is not a valid date and time`) } : { ok: true, value: s };
  }
  const decayCorrectionSeconds = parseDicomDateTime(stringValue(datasets[0], '00189701'));
  return {
    units,
    decayCorrection,
    correctedImage,
    weightKg,
    heightM,
    sex,
    injectedDoseBq,
    halfLifeSeconds,
    injection,
    seriesSeconds,
    ...(decayCorrectionSeconds !== undefined ? { decayCorrectionSeconds } : {}),
    frames: datasets.flatMap(framesOf),
    warnings,
  };
}

function readInjection(
  datasets: DicomJsonDataset[],
  field: (tag: string) => (ds: DicomJsonDataset) => string | undefined,
  warnings: string[],
): Read<InjectionTime> {
  const dateTime = seriesLevel(datasets, 'RadiopharmaceuticalStartDateTime', field('00181078'), 'Radiopharmaceutical Start DateTime');
  const time = seriesLevel(datasets, 'RadiopharmaceuticalStartTime', field('00181072'), 'Radiopharmaceutical Start Time');
  if (dateTime.ok) {
    const seconds = parseDicomDateTime(dateTime.value);
    if (seconds === undefined) return { ok: false, problem: problem('RadiopharmaceuticalStartDateTime', 'invalid', `Radiopharmaceutical Start DateTime ${dateTime.value} is not a date-time`) };
    // QIBA: the DateTime wins; a Start Time that says otherwise is worth a word.
    const timeOfDay = time.ok ? parseDicomTime(time.value) : undefined;
    if (timeOfDay !== undefined && Math.abs((((seconds % 86_400) - timeOfDay + 43_200) % 86_400) - 43_200) > 1) {
      warnings.push(`Radiopharmaceutical Start Time ${time.ok ? time.value : ''} disagrees with Start DateTime ${dateTime.value}: the DateTime is used`);
    }
    return { ok: true, value: { dateTime: seconds, text: dateTime.value } };
  }
  if (dateTime.problem.kind === 'inconsistent') return dateTime;
  if (!time.ok) {
    if (time.problem.kind === 'missing') {
      return { ok: false, problem: problem('RadiopharmaceuticalStartTime', 'missing', 'neither Radiopharmaceutical Start DateTime (0018,1078) nor Start Time (0018,1072) is in the Radiopharmaceutical Information Sequence (0054,0016)') };
    }
    return time;
  }
  const timeOfDay = parseDicomTime(time.value);
  if (timeOfDay === undefined) return { ok: false, problem: problem('RadiopharmaceuticalStartTime', 'invalid', `Radiopharmaceutical Start Time ${time.value} is not a time`) };
  return { ok: true, value: { timeOfDay, text: time.value } };
}
