import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { bodySurfaceAreaDuBois, idealBodyWeightDevine, leanBodyMassJames, leanBodyMassJanmahasatian } from './bodySize';
import { decayReferenceTimes, type DecayReference } from './decayReferenceTimes';
import { formatSeconds, parseDicomDateTime } from './dicomDateTime';
import { problem, readPetSeriesHeader, type InjectionTime, type PetSeriesHeader, type Read } from './petSeriesHeader';
import { SUV_KINDS, SUV_UNITS, type SuvFrameFactors, type SuvInputs, type SuvKind, type SuvKindResult, type SuvOverrides, type SuvProblem, type SuvResult } from './suvTypes';

/** Units (PS3.3 C.8.9.1.1.3) that can never give SUV, with what they mean for a reader. */
const NOT_QUANTITATIVE: Record<string, string> = {
  PROPCNTS: 'values proportional to counts (not calibrated to activity; typical of non-attenuation-corrected series)',
  NPREF: 'counts relative to a reference, not activity',
  CPS: 'counts per second, not activity concentration',
  MGMINML: 'a metabolic rate (mg/min/ml), not activity concentration',
  UMOLMINML: 'a metabolic rate (µmol/min/ml), not activity concentration',
  MLMING: 'a flow (ml/min/g), not activity concentration',
  MLG: 'a distribution volume (ml/g), not activity concentration',
  '1CM': 'an attenuation map (1/cm), not activity',
  PCNT: 'a percentage, not activity concentration',
};

/**
 * SUV factors of a PET series from its instances' headers (DICOM JSON): for each kind, the factor
 * that turns modality values (after each frame's own Rescale Slope/Intercept) into SUV, per frame,
 * or the attributes that prevent it. `overrides` replace header values (the result is then edited).
 */
export function computeSuv(datasets: DicomJsonDataset[], overrides: SuvOverrides = {}): SuvResult {
  return computeSuvFromHeader(readPetSeriesHeader(datasets), overrides);
}

export function computeSuvFromHeader(header: PetSeriesHeader, overrides: SuvOverrides = {}): SuvResult {
  const warnings = [...header.warnings];
  const common: SuvProblem[] = [];
  const overridden = (Object.keys(overrides) as Array<keyof SuvOverrides>).filter((k) => overrides[k] !== undefined);
  const take = <T>(r: Read<T>): T | undefined => (r.ok ? r.value : undefined);
  const need = <T>(r: Read<T>, into: SuvProblem[]): T | undefined => (r.ok ? r.value : (into.push(r.problem), undefined));

  const weight = overrideNumber(overrides.weightKg, 'weightKg', 'weight (kg)', header.weightKg, (v) => v > 0 && v < 1000);
  const height = overrideNumber(overrides.heightM, 'heightM', 'height (m)', header.heightM, (v) => v > 0 && v <= 3);
  const dose = overrideNumber(overrides.injectedDoseBq, 'injectedDoseBq', 'injected dose (Bq)', header.injectedDoseBq, (v) => v > 0);
  const injection = overrideInjection(overrides.injectionDateTime, header.injection);

  // Units and corrections: without these no kind is possible.
  const units = need(header.units, common);
  const decay = need(header.decayCorrection, common);
  const corrections = need(header.correctedImage, common);
  if (corrections && !corrections.includes('ATTN')) {
    common.push(problem('CorrectedImage', 'invalid', `Corrected Image (0028,0051) ${corrections.join('\\')} has no ATTN: the series is not attenuation corrected (NAC), its values are not activity concentrations`));
  }
  if (corrections && decay && (decay === 'NONE') === corrections.includes('DECY')) {
    common.push(problem('DecayCorrection', 'inconsistent', `Decay Correction (0054,1102) ${decay} contradicts Corrected Image (0028,0051) ${corrections.includes('DECY') ? 'with' : 'without'} DECY`));
  }
  const frames = header.frames;
  const philipsSuv = units === 'CNTS' && frames.every((f) => f.philipsSuvScaleFactor! > 0);
  const philipsActivity = units === 'CNTS' && frames.every((f) => f.philipsActivityConcentrationScaleFactor! > 0);
  // The private SUV factor was worked out from the header's injection time; a new one needs activity.
  const usePhilipsSuv = philipsSuv && !(overrides.injectionDateTime !== undefined && philipsActivity);
  if (units && units !== 'BQML' && units !== 'GML' && !(units === 'CNTS' && (philipsSuv || philipsActivity))) {
    const why = units === 'CNTS'
      ? 'counts, and neither the Philips SUV Scale Factor (7053,1000) nor the Activity Concentration Scale Factor (7053,1009) is there to convert them'
      : (NOT_QUANTITATIVE[units] ?? 'not a unit of activity concentration');
    common.push(problem('Units', 'invalid', `Units (0054,1001) is ${units}: ${why}; no SUV`));
  }

  // Timing: what the injected dose is decayed to, per frame.
  const timing: SuvProblem[] = [];
  let reference: DecayReference | undefined;
  let injectionSeconds: number | undefined;
  let assumedPreviousDay = false;
  const halfLife = decay === 'ADMIN' ? take(header.halfLifeSeconds) : need(header.halfLifeSeconds, timing);
  const injected = decay === 'ADMIN' ? take(injection) : need(injection, timing);
  if (decay === 'ADMIN') {
    // Corrected to the injection itself: no decay, so no reference time is needed (the injection is shown when known).
    const series = take(header.seriesSeconds);
    if (injected?.dateTime !== undefined) injectionSeconds = injected.dateTime;
    else if (injected && series !== undefined) ({ seconds: injectionSeconds, assumedPreviousDay } = resolveInjection(injected, series));
  } else if (decay && units !== 'GML' && !usePhilipsSuv) {
    const provisional = injected && (injected.dateTime ?? (take(header.seriesSeconds) !== undefined ? dayOf(take(header.seriesSeconds)!) + injected.timeOfDay! : undefined));
    const ref = decayReferenceTimes(header, decay, halfLife, provisional);
    if (!ref.ok) timing.push(ref.problem);
    else {
      reference = ref.value;
      warnings.push(...ref.value.warnings);
      if (injected) {
        const earliest = Math.min(...ref.value.seconds);
        ({ seconds: injectionSeconds, assumedPreviousDay } = resolveInjection(injected, earliest));
        if (assumedPreviousDay) warnings.push(`Radiopharmaceutical Start Time ${injected.text} is later in the day than the scan: the injection is taken to be the day before (the scan crossed midnight)`);
        if (decay !== 'ADMIN' && earliest - injectionSeconds < -1) {
          timing.push(problem(injected.dateTime !== undefined ? 'RadiopharmaceuticalStartDateTime' : 'RadiopharmaceuticalStartTime', 'inconsistent', `the injection (${formatSeconds(injectionSeconds)}) is after the time the images are decay corrected to (${formatSeconds(earliest)}, from ${ref.value.source})`));
        }
      }
    }
  }

  const w = take(weight);
  const h = take(height);
  const sex = take(header.sex);
  const D = take(dose);
  const bodySize = (kind: SuvKind): Read<number> => bodySizeOf(kind, weight, height, header.sex);

  const frameFactors: SuvFrameFactors[] = frames.map((f, i) => {
    const scanSeconds = decay === 'ADMIN' ? injectionSeconds : reference?.seconds[i];
    const decaySeconds = decay === 'ADMIN' ? 0 : scanSeconds !== undefined && injectionSeconds !== undefined ? scanSeconds - injectionSeconds : undefined;
    return {
      sopInstanceUid: f.sopInstanceUid,
      frame: f.frame,
      rescaleSlope: f.rescaleSlope,
      rescaleIntercept: f.rescaleIntercept,
      ...(scanSeconds !== undefined ? { scanSeconds, scanTime: formatSeconds(scanSeconds) } : {}),
      ...(decaySeconds !== undefined ? { decaySeconds } : {}),
      factors: {},
    };
  });

  const kinds = {} as Record<SuvKind, SuvKindResult>;
  for (const kind of SUV_KINDS) {
    const problems = [...common];
    let perFrame: number[] | undefined;
    const size = bodySize(kind);
    if (units === 'GML') {
      if (kind !== 'bw') problems.push(problem('Units', 'unsupported', 'Units (0054,1001) is GML: the values are SUV already, and which body-size normalisation the scanner used is not recorded; only SUVbw (factor 1) is assumed'));
      perFrame = frames.map(() => 1);
    } else if (usePhilipsSuv) {
      // Philips CNTS: (7053,1000) turns counts into SUVbw; other kinds scale it by body size / weight.
      const headerWeight = need(header.weightKg, kind === 'bw' && overrides.weightKg === undefined ? [] : problems);
      const headerDose = overrides.injectedDoseBq !== undefined ? need(header.injectedDoseBq, problems) : undefined;
      const s = need(size, problems);
      if (overrides.injectionDateTime !== undefined) problems.push(problem('PhilipsSUVScaleFactor', 'unsupported', 'the Philips SUV Scale Factor (7053,1000) was computed for the header\'s injection time; an edited injection time needs the Activity Concentration Scale Factor (7053,1009)', '(7053,1000) Philips PET Private Group'));
      if (problems.length === 0) {
        const edit = (overrides.weightKg !== undefined ? w! / headerWeight! : 1) * (overrides.injectedDoseBq !== undefined ? headerDose! / D! : 1);
        const bodyRatio = kind === 'bw' ? 1 : s! / (w! * 1000);
        perFrame = frames.map((f) => f.philipsSuvScaleFactor! * edit * bodyRatio);
      }
    } else {
      const s = need(size, problems);
      need(dose, problems);
      problems.push(...timing);
      if (problems.length === 0) {
        perFrame = frames.map((f, i) => {
          const activity = units === 'CNTS' ? f.philipsActivityConcentrationScaleFactor! : 1;
          const decayed = D! * 2 ** (-frameFactors[i]!.decaySeconds! / (decay === 'ADMIN' ? 1 : halfLife!));
          return (activity * s!) / decayed;
        });
      }
    }
    if (!perFrame || problems.length) {
      kinds[kind] = { available: false, problems: dedupe(problems) };
      continue;
    }
    perFrame.forEach((factor, i) => (frameFactors[i]!.factors[kind] = factor));
    const lo = Math.min(...perFrame);
    const hi = Math.max(...perFrame);
    const sizeValue = take(size);
    kinds[kind] = {
      available: true,
      unit: SUV_UNITS[kind],
      ...(hi - lo <= 1e-12 * Math.abs(hi) ? { factor: perFrame[0]! } : { range: [lo, hi] as [number, number] }),
      ...(sizeValue !== undefined && units !== 'GML' ? { bodySize: sizeValue } : {}),
    };
  }

  const inputs: SuvInputs = {
    ...(units ? { units } : {}),
    ...(decay ? { decayCorrection: decay } : {}),
    ...(corrections ? { correctedImage: corrections } : {}),
    ...(w !== undefined ? { weightKg: w } : {}),
    ...(h !== undefined ? { heightM: h } : {}),
    ...(sex !== undefined ? { sex } : {}),
    ...(D !== undefined ? { injectedDoseBq: D } : {}),
    ...(halfLife !== undefined ? { halfLifeSeconds: halfLife } : {}),
    ...(injectionSeconds !== undefined && injected ? { injectionTime: { seconds: injectionSeconds, text: injected.text, ...(assumedPreviousDay ? { assumedPreviousDay } : {}) } } : {}),
    ...(decay === 'ADMIN' ? { scanTimeSource: 'administration' as const } : reference ? { scanTimeSource: reference.source } : {}),
    ...(units === 'CNTS' && frames[0]?.philipsSuvScaleFactor !== undefined ? { philipsSuvScaleFactor: frames[0].philipsSuvScaleFactor } : {}),
    ...(units === 'CNTS' && frames[0]?.philipsActivityConcentrationScaleFactor !== undefined ? { philipsActivityConcentrationScaleFactor: frames[0].philipsActivityConcentrationScaleFactor } : {}),
    overridden,
  };
  return { kinds, inputs, frames: frameFactors, edited: overridden.length > 0, warnings };
}

/** SUV of a stored pixel value in one frame: its own Rescale Slope/Intercept, then the kind's factor. */
export function suvOfStoredValue(frame: SuvFrameFactors, kind: SuvKind, stored: number): number | undefined {
  const factor = frame.factors[kind];
  return factor === undefined ? undefined : (stored * frame.rescaleSlope + frame.rescaleIntercept) * factor;
}

function dayOf(seconds: number): number {
  return Math.floor(seconds / 86_400) * 86_400;
}

/**
 * A Start Time without a date is on the scan's day, unless that puts it more than an hour after
 * the scan: then the scan crossed midnight and the injection was the day before (calculate-suv
 * takes the series date and fails with a negative decay time).
 */
function resolveInjection(injection: InjectionTime, referenceSeconds: number): { seconds: number; assumedPreviousDay: boolean } {
  if (injection.dateTime !== undefined) return { seconds: injection.dateTime, assumedPreviousDay: false };
  const sameDay = dayOf(referenceSeconds) + injection.timeOfDay!;
  return sameDay - referenceSeconds > 3600 ? { seconds: sameDay - 86_400, assumedPreviousDay: true } : { seconds: sameDay, assumedPreviousDay: false };
}

function overrideNumber(value: number | undefined, key: keyof SuvOverrides, name: string, header: Read<number>, valid: (v: number) => boolean): Read<number> {
  if (value === undefined) return header;
  if (!Number.isFinite(value) || !valid(value)) return { ok: false, problem: problem(key, 'invalid', `the edited ${name} ${value} is not valid`, 'override') };
  return { ok: true, value };
}

function overrideInjection(value: string | undefined, header: Read<InjectionTime>): Read<InjectionTime> {
  if (value === undefined) return header;
  const seconds = parseDicomDateTime(value);
  if (seconds === undefined || value.trim().length < 12) return { ok: false, problem: problem('injectionDateTime', 'invalid', `the edited injection time ${value} is not a DICOM date-time YYYYMMDDHHMM[SS]`, 'override') };
  return { ok: true, value: { dateTime: seconds, text: value } };
}

/** The numerator of each kind: grams (bw, lbm, ibw) or cm² (bsa), or why it cannot be had. */
function bodySizeOf(kind: SuvKind, weight: Read<number>, height: Read<number>, sex: Read<string>): Read<number> {
  const needs: Array<Read<unknown>> = kind === 'bw' ? [weight] : kind === 'bsa' ? [weight, height] : kind === 'ibw' ? [height, sex] : [weight, height, sex];
  const failed = needs.find((r) => !r.ok);
  if (failed && !failed.ok) return failed;
  const w = weight.ok ? weight.value : NaN;
  const h = height.ok ? height.value : NaN;
  const s = sex.ok ? sex.value : '';
  const name = { bw: 'body weight', lbmJames: 'James lean body mass', lbmJanmahasatian: 'Janmahasatian lean body mass', bsa: 'body surface area', ibw: 'ideal body weight' }[kind];
  const kg = kind === 'bw' ? w : kind === 'lbmJames' ? leanBodyMassJames(w, h, s) : kind === 'lbmJanmahasatian' ? leanBodyMassJanmahasatian(w, h, s) : kind === 'ibw' ? idealBodyWeightDevine(h, s) : undefined;
  if (kind === 'bsa') return { ok: true, value: bodySurfaceAreaDuBois(w, h) };
  if (kg === undefined) return { ok: false, problem: problem('PatientSex', 'invalid', `Patient's Sex (0010,0040) is ${s}: the ${name} formula is defined for M and F only`) };
  if (!(kg > 0)) {
    return { ok: false, problem: problem(kind === 'ibw' ? 'PatientSize' : 'PatientWeight', 'inconsistent', `the ${name} formula gives ${kg.toFixed(1)} kg for ${kind === 'ibw' ? '' : `${w} kg, `}${h} m: outside the range it is valid for`) };
  }
  return { ok: true, value: kg * 1000 };
}

function dedupe(problems: SuvProblem[]): SuvProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && seen.add(p.message));
}
