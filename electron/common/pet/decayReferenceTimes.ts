import { formatSeconds } from './dicomDateTime';
import { problem, type PetSeriesHeader, type Read } from './petSeriesHeader';
import type { ScanTimeSource } from './suvTypes';

export interface DecayReference {
  /** Per frame (header order): the time the injected dose is decayed to. */
  seconds: number[];
  source: ScanTimeSource;
  warnings: string[];
}

/**
 * Time from a frame's start to its average count-rate time: the activity decays during the frame,
 * so the counts are centred before its middle (QIBA SUV pseudo-code; 1/λ · ln(λT / (1 − e^(−λT)))).
 */
export function averageCountRateOffsetSeconds(frameDurationSeconds: number, halfLifeSeconds: number): number {
  const lambda = Math.LN2 / halfLifeSeconds;
  const decayDuringFrame = lambda * frameDurationSeconds;
  if (decayDuringFrame < 1e-9) return frameDurationSeconds / 2;
  return Math.log(decayDuringFrame / -Math.expm1(-decayDuringFrame)) / lambda;
}

/**
 * The time each frame's values refer to for decay (PS3.3 C.8.9.1.1.8: Decay Correction), after the
 * QIBA vendor-neutral algorithm for START:
 * - Series Date/Time when it is not after the earliest acquisition;
 * - else (the series was re-created after the scan, e.g. by post-processing) GE's private scan
 *   date-time, when it is plausible;
 * - else, when every frame has Frame Reference Time and Actual Frame Duration, back-computed per
 *   frame: acquisition start + average count-rate offset − Frame Reference Time (reliable for
 *   Siemens multi-bed and multi-injection series, which calculate-suv leaves as a TODO);
 * - else the earliest Acquisition Date/Time.
 * Enhanced PET states the time outright (Decay Correction DateTime). NONE means no decay
 * correction: each frame at its own average count-rate time. ADMIN (corrected to the injection
 * itself) needs no reference time; the caller handles it.
 */
export function decayReferenceTimes(header: PetSeriesHeader, decayCorrection: string, halfLifeSeconds: number | undefined, injectionSeconds: number | undefined): Read<DecayReference> {
  const frames = header.frames;
  const warnings: string[] = [];
  const all = (seconds: number, source: ScanTimeSource): Read<DecayReference> => ({ ok: true, value: { seconds: frames.map(() => seconds), source, warnings } });
  const missingAcquisition = frames.findIndex((f) => f.acquisitionSeconds === undefined);

  if (decayCorrection === 'NONE') {
    if (missingAcquisition >= 0) {
      return { ok: false, problem: problem('AcquisitionTime', 'missing', `Decay Correction NONE: frame ${missingAcquisition + 1} has no Acquisition Date/Time (0008,0022/0032), needed to decay the dose to it`, '(0008,0032)') };
    }
    const noDuration = frames.findIndex((f) => !(f.frameDurationMs! > 0));
    if (noDuration >= 0) {
      return { ok: false, problem: problem('ActualFrameDuration', 'missing', `Decay Correction NONE: frame ${noDuration + 1} has no Actual Frame Duration (0018,1242), needed to find its average count-rate time`, '(0018,1242)') };
    }
    if (halfLifeSeconds === undefined) return { ok: false, problem: problem('RadionuclideHalfLife', 'missing', 'Radionuclide Half Life is needed') };
    return {
      ok: true,
      value: { seconds: frames.map((f) => f.acquisitionSeconds! + averageCountRateOffsetSeconds(f.frameDurationMs! / 1000, halfLifeSeconds)), source: 'frame-midpoint', warnings },
    };
  }
  if (decayCorrection !== 'START') {
    return { ok: false, problem: problem('DecayCorrection', 'invalid', `Decay Correction (0054,1102) is ${decayCorrection}: not START, ADMIN or NONE`) };
  }

  if (header.decayCorrectionSeconds !== undefined) return all(header.decayCorrectionSeconds, 'decay-correction-datetime');
  const acquisitions = frames.map((f) => f.acquisitionSeconds).filter((s): s is number => s !== undefined);
  const earliest = acquisitions.length ? Math.min(...acquisitions) : undefined;
  const series = header.seriesSeconds.ok ? header.seriesSeconds.value : undefined;
  if (series !== undefined && (earliest === undefined || series <= earliest)) return all(series, 'series');
  if (series === undefined && earliest === undefined) {
    return { ok: false, problem: problem('SeriesTime', 'missing', 'neither Series Date/Time (0008,0021/0031) nor Acquisition Date/Time (0008,0022/0032) says when the scan started') };
  }
  if (series === undefined) warnings.push(`${header.seriesSeconds.ok ? '' : header.seriesSeconds.problem.message}: the acquisition times are used`);
  else warnings.push(`Series Date/Time ${formatSeconds(series)} is after the first acquisition (${formatSeconds(earliest!)}): the series was re-created after the scan`);

  const ge = new Set(frames.map((f) => f.gePrivateScanSeconds));
  const geTime = ge.size === 1 ? [...ge][0] : undefined;
  if (geTime !== undefined) {
    // De-identification shifts standard dates but often not private ones: check before trusting it.
    const plausible = (injectionSeconds === undefined || (geTime >= injectionSeconds && geTime - injectionSeconds < 86_400)) && geTime <= earliest! + 1;
    if (plausible) return all(geTime, 'ge-private');
    warnings.push(`GE private scan date-time (0009,100D) ${formatSeconds(geTime)} does not fit the injection and acquisition times (shifted by de-identification?): not used`);
  }
  const timed = halfLifeSeconds !== undefined && missingAcquisition < 0 && frames.every((f) => f.frameReferenceTimeMs! > 0 && f.frameDurationMs! > 0);
  if (timed) {
    const seconds = frames.map((f) => f.acquisitionSeconds! + averageCountRateOffsetSeconds(f.frameDurationMs! / 1000, halfLifeSeconds) - f.frameReferenceTimeMs! / 1000);
    const spread = Math.max(...seconds) - Math.min(...seconds);
    if (spread > 1) warnings.push(`the frames' back-computed decay reference times differ by ${spread.toFixed(1)} s (several injections?): each frame uses its own`);
    return { ok: true, value: { seconds, source: 'frame-reference', warnings } };
  }
  return all(earliest!, 'earliest-acquisition');
}
