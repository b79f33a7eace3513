import { describe, expect, it } from 'vitest';
import { petDataset, type PetHeaderFields } from '../../../testing/common/petDataset';
import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { computeSuv, suvOfStoredValue } from './computeSuv';
import type { SuvKindResult } from './suvTypes';

const F18 = 6586.2;
/** A plausible FDG series: 75 kg man, 1.80 m, 370 MBq at 08:00, series at 09:00 (decay corrected to START). */
const BASE: PetHeaderFields = {
  Units: 'BQML',
  DecayCorrection: 'START',
  CorrectedImage: ['ATTN', 'DECY', 'SCAT'],
  PatientWeight: 75,
  PatientSize: 1.8,
  PatientSex: 'M',
  SeriesDate: '20260301',
  SeriesTime: '090000',
  AcquisitionDate: '20260301',
  AcquisitionTime: '090000',
  ActualFrameDuration: 120_000,
  RadionuclideTotalDose: 370e6,
  RadionuclideHalfLife: F18,
  RadiopharmaceuticalStartTime: '080000',
  RescaleSlope: 1,
  RescaleIntercept: 0,
};
const series = (...overrides: PetHeaderFields[]): DicomJsonDataset[] => overrides.map((o, i) => petDataset({ ...BASE, SOPInstanceUID: `1.2.${i + 1}`, ...o }));
/** The SUVbw factor by its definition, evaluated here: weight (g) / (dose decayed over `decay` seconds). */
const bwFactor = (weightKg: number, doseBq: number, decaySeconds: number, halfLife = F18) => (weightKg * 1000) / (doseBq * 2 ** (-decaySeconds / halfLife));
const factorOf = (r: SuvKindResult) => (r.available ? r.factor : undefined);
const problemsOf = (r: SuvKindResult) => (r.available ? [] : r.problems);
const relative = (a: number | undefined, b: number) => Math.abs(a! / b - 1);

describe('computeSuv: the QIBA algorithm and the cases calculate-suv gets wrong', () => {
  it('computes every kind for a complete BQML series, each from its own formula', () => {
    const r = computeSuv(series({}, {}));
    const decayed = 370e6 * 2 ** (-3600 / F18);
    expect(relative(factorOf(r.kinds.bw), bwFactor(75, 370e6, 3600))).toBeLessThan(1e-12);
    expect(relative(factorOf(r.kinds.lbmJames), ((1.1 * 75 - 128 * (75 / 180) ** 2) * 1000) / decayed)).toBeLessThan(1e-12);
    expect(relative(factorOf(r.kinds.lbmJanmahasatian), ((9270 * 75) / (6680 + 216 * (75 / 1.8 ** 2))) * 1000 / decayed)).toBeLessThan(1e-12);
    expect(relative(factorOf(r.kinds.bsa), (71.84 * 75 ** 0.425 * 180 ** 0.725) / decayed)).toBeLessThan(1e-12);
    expect(relative(factorOf(r.kinds.ibw), ((50 + 2.3 * (180 / 2.54 - 60)) * 1000) / decayed)).toBeLessThan(1e-12);
    expect(r.inputs.scanTimeSource).toBe('series');
    expect(r.edited).toBe(false);
  });

  it("matches calculate-suv's inline cases where both follow the same formula (bw, bsa, Janmahasatian)", () => {
    const r = computeSuv(series({ PatientWeight: 75, PatientSize: 1.85, RadionuclideTotalDose: 100, RadionuclideHalfLife: 10, RadiopharmaceuticalStartTime: '090000' }));
    expect(relative(factorOf(r.kinds.bw), 750)).toBeLessThan(1e-12);
    expect(relative(factorOf(r.kinds.bsa), 198.13758427117767)).toBeLessThan(1e-12);
    expect(relative(factorOf(r.kinds.lbmJanmahasatian), 609.1533588651974)).toBeLessThan(1e-12);
    // James's coefficient for men is 128 (calculate-suv's 120 gives 627.78).
    expect(relative(factorOf(r.kinds.lbmJames), ((1.1 * 75 - 128 * (75 / 185) ** 2) * 1000) / 100)).toBeLessThan(1e-12);
  });

  it('Decay Correction ADMIN: values are corrected to the injection, so the dose is not decayed (calculate-suv decays it anyway)', () => {
    const r = computeSuv(series({ DecayCorrection: 'ADMIN' }));
    expect(relative(factorOf(r.kinds.bw), (75 * 1000) / 370e6)).toBeLessThan(1e-12);
    // calculate-suv's answer for the same header, one hour of decay: 11 % higher.
    expect(relative(factorOf(r.kinds.bw), bwFactor(75, 370e6, 3600))).toBeGreaterThan(0.1);
    expect(r.inputs.scanTimeSource).toBe('administration');
    expect(r.frames[0]!.decaySeconds).toBe(0);
    // Nor is the injection time needed then.
    const untimed = computeSuv(series({ DecayCorrection: 'ADMIN', RadiopharmaceuticalStartTime: undefined }));
    expect(relative(factorOf(untimed.kinds.bw), (75 * 1000) / 370e6)).toBeLessThan(1e-12);
  });

  it('Decay Correction NONE: each bed decays the dose to its own average count-rate time', () => {
    const r = computeSuv(
      series(
        { DecayCorrection: 'NONE', CorrectedImage: ['ATTN', 'SCAT'], AcquisitionTime: '090000' },
        { DecayCorrection: 'NONE', CorrectedImage: ['ATTN', 'SCAT'], AcquisitionTime: '090200' },
      ),
    );
    const lambda = Math.LN2 / F18;
    const mid = Math.log((lambda * 120) / -Math.expm1(-lambda * 120)) / lambda; // just under 60 s
    expect(mid).toBeGreaterThan(59.9);
    expect(mid).toBeLessThan(60);
    expect(relative(r.frames[0]!.factors.bw, bwFactor(75, 370e6, 3600 + mid))).toBeLessThan(1e-9);
    expect(relative(r.frames[1]!.factors.bw, bwFactor(75, 370e6, 3720 + mid))).toBeLessThan(1e-9);
    const bw = r.kinds.bw;
    expect(bw.available && bw.range).toEqual([r.frames[0]!.factors.bw, r.frames[1]!.factors.bw]);
  });

  it('refuses NONE when Corrected Image still says DECY (inconsistent)', () => {
    const r = computeSuv(series({ DecayCorrection: 'NONE' }));
    expect(problemsOf(r.kinds.bw)).toEqual([expect.objectContaining({ attribute: 'DecayCorrection', kind: 'inconsistent' })]);
  });

  it('a scan crossing midnight: injection 23:40 with a Start Time only, series 00:25 the next day (calculate-suv: negative decay, throws)', () => {
    const r = computeSuv(series({ SeriesDate: '20260302', SeriesTime: '002500', AcquisitionDate: '20260302', AcquisitionTime: '002500', RadiopharmaceuticalStartTime: '234000' }));
    expect(relative(factorOf(r.kinds.bw), bwFactor(75, 370e6, 45 * 60))).toBeLessThan(1e-12);
    expect(r.inputs.injectionTime).toMatchObject({ assumedPreviousDay: true });
    expect(r.warnings.join('\n')).toMatch(/crossed midnight/);
  });

  it('a bed acquired after midnight in a series started before it uses the series start', () => {
    const r = computeSuv(series({ SeriesTime: '235500', AcquisitionTime: '235500', RadiopharmaceuticalStartTime: '225500' }, { SeriesTime: '235500', AcquisitionDate: '20260302', AcquisitionTime: '000700', RadiopharmaceuticalStartTime: '225500' }));
    expect(relative(factorOf(r.kinds.bw), bwFactor(75, 370e6, 3600))).toBeLessThan(1e-12);
  });

  it('a weight of 0 is refused as entered-but-invalid, not missing; SUVibw needs no weight; an edited weight gives an edited result', () => {
    const r = computeSuv(series({ PatientWeight: 0 }));
    for (const kind of ['bw', 'lbmJames', 'lbmJanmahasatian', 'bsa'] as const) {
      expect(problemsOf(r.kinds[kind])).toEqual([expect.objectContaining({ attribute: 'PatientWeight', tag: '(0010,1030)', kind: 'invalid', message: expect.stringMatching(/is 0/) })]);
    }
    expect(r.kinds.ibw.available).toBe(true);
    const edited = computeSuv(series({ PatientWeight: 0 }), { weightKg: 82 });
    expect(relative(factorOf(edited.kinds.bw), bwFactor(82, 370e6, 3600))).toBeLessThan(1e-12);
    expect(edited.edited).toBe(true);
    expect(edited.inputs.overridden).toEqual(['weightKg']);
  });

  it('a missing weight is named as missing', () => {
    const r = computeSuv(series({ PatientWeight: undefined }));
    expect(problemsOf(r.kinds.bw)).toEqual([expect.objectContaining({ attribute: 'PatientWeight', kind: 'missing' })]);
  });

  it('per-slice Rescale Slope: one stored value is a different SUV on each slice (calculate-suv gives one factor and no slope)', () => {
    const r = computeSuv(series({ RescaleSlope: 0.5 }, { RescaleSlope: 2.25, RescaleIntercept: 10 }));
    const f = bwFactor(75, 370e6, 3600);
    expect(relative(suvOfStoredValue(r.frames[0]!, 'bw', 1000), 1000 * 0.5 * f)).toBeLessThan(1e-12);
    expect(relative(suvOfStoredValue(r.frames[1]!, 'bw', 1000), (1000 * 2.25 + 10) * f)).toBeLessThan(1e-12);
  });

  it('NAC: no ATTN in Corrected Image refuses every kind and says why', () => {
    const r = computeSuv(series({ CorrectedImage: ['DECY', 'SCAT'] }));
    for (const kind of Object.values(r.kinds)) expect(problemsOf(kind)).toEqual([expect.objectContaining({ attribute: 'CorrectedImage', kind: 'invalid', message: expect.stringMatching(/not attenuation corrected/) })]);
  });

  it('PROPCNTS refuses every kind, naming Units', () => {
    const r = computeSuv(series({ Units: 'PROPCNTS' }));
    expect(problemsOf(r.kinds.bw)).toEqual([expect.objectContaining({ attribute: 'Units', tag: '(0054,1001)', message: expect.stringMatching(/PROPCNTS/) })]);
  });

  it('Philips CNTS: the private SUV Scale Factor first, else the Activity Concentration Scale Factor as BQML', () => {
    const suv = computeSuv(series({ Units: 'CNTS', PhilipsSUVScaleFactor: '0.000551 ', PhilipsActivityConcentrationScaleFactor: '1.602563' }));
    expect(factorOf(suv.kinds.bw)).toBe(0.000551);
    // Other kinds scale it by body size over weight.
    expect(relative(factorOf(suv.kinds.ibw), (0.000551 * (50 + 2.3 * (180 / 2.54 - 60))) / 75)).toBeLessThan(1e-12);
    const activity = computeSuv(series({ Units: 'CNTS', PatientWeight: 100, RadionuclideTotalDose: 100, RadiopharmaceuticalStartTime: '090000', PhilipsSUVScaleFactor: '0', PhilipsActivityConcentrationScaleFactor: '1.602563' }));
    expect(relative(factorOf(activity.kinds.bw), 1602.563)).toBeLessThan(1e-12);
    const neither = computeSuv(series({ Units: 'CNTS' }));
    expect(problemsOf(neither.kinds.bw)[0]).toMatchObject({ attribute: 'Units', message: expect.stringMatching(/7053,1000.*7053,1009/) });
  });

  it('GML is SUVbw already: factor 1; the other kinds are refused with the reason', () => {
    const r = computeSuv(series({ Units: 'GML' }));
    expect(factorOf(r.kinds.bw)).toBe(1);
    expect(problemsOf(r.kinds.bsa)[0]).toMatchObject({ attribute: 'Units', kind: 'unsupported' });
  });

  it('a series re-created after the scan: GE private scan time when it is plausible, else per-frame back-computation', () => {
    const late = { SeriesTime: '113000', AcquisitionTime: '090100' };
    const ge = computeSuv(series({ ...late, GEPrivateScanDateTime: '20260301090000' }));
    expect(ge.inputs.scanTimeSource).toBe('ge-private');
    expect(relative(factorOf(ge.kinds.bw), bwFactor(75, 370e6, 3600))).toBeLessThan(1e-12);
    // De-identification shifted the standard dates, not the private one: not trusted.
    const shifted = computeSuv(series({ ...late, GEPrivateScanDateTime: '19591224090000' }));
    expect(shifted.inputs.scanTimeSource).toBe('earliest-acquisition');
    expect(shifted.warnings.join('\n')).toMatch(/0009,100D/);
    // Two beds whose Frame Reference Times lead back to one start at 09:00:00.
    const lambda = Math.LN2 / F18;
    const mid = Math.log((lambda * 120) / -Math.expm1(-lambda * 120)) / lambda;
    const beds = computeSuv(series({ ...late, AcquisitionTime: '090000', FrameReferenceTime: mid * 1000 }, { ...late, AcquisitionTime: '090200', FrameReferenceTime: (120 + mid) * 1000 }));
    expect(beds.inputs.scanTimeSource).toBe('frame-reference');
    for (const frame of beds.frames) expect(relative(frame.factors.bw, bwFactor(75, 370e6, 3600))).toBeLessThan(1e-9);
  });

  it('values that differ between instances are refused as inconsistent, naming the attribute', () => {
    const r = computeSuv(series({ PatientWeight: 75 }, { PatientWeight: 80 }));
    expect(problemsOf(r.kinds.bw)).toEqual([expect.objectContaining({ attribute: 'PatientWeight', kind: 'inconsistent' })]);
    expect(r.kinds.ibw.available).toBe(true);
  });

  it('an injection after the scan start is refused as inconsistent', () => {
    const r = computeSuv(series({ RadiopharmaceuticalStartDateTime: '20260301093000' }));
    expect(problemsOf(r.kinds.bw)).toEqual([expect.objectContaining({ attribute: 'RadiopharmaceuticalStartDateTime', kind: 'inconsistent' })]);
  });

  it('Start DateTime wins over Start Time, with a warning when they disagree', () => {
    const r = computeSuv(series({ RadiopharmaceuticalStartDateTime: '20260301081000', RadiopharmaceuticalStartTime: '080000' }));
    expect(relative(factorOf(r.kinds.bw), bwFactor(75, 370e6, 3000))).toBeLessThan(1e-12);
    expect(r.warnings.join('\n')).toMatch(/disagrees/);
  });

  it('edited dose and injection time replace the header values; an invalid edit is refused', () => {
    const r = computeSuv(series({}), { injectedDoseBq: 300e6, injectionDateTime: '20260301083000' });
    expect(relative(factorOf(r.kinds.bw), bwFactor(75, 300e6, 1800))).toBeLessThan(1e-12);
    expect(r.edited).toBe(true);
    const bad = computeSuv(series({}), { heightM: 180 });
    expect(problemsOf(bad.kinds.bsa)[0]).toMatchObject({ attribute: 'heightM', kind: 'invalid' });
  });

  it('Patient Sex O: the sex-specific kinds are refused, bw and bsa are not', () => {
    const r = computeSuv(series({ PatientSex: 'O' }));
    expect(problemsOf(r.kinds.lbmJames)[0]).toMatchObject({ attribute: 'PatientSex' });
    expect(problemsOf(r.kinds.ibw)[0]).toMatchObject({ attribute: 'PatientSex' });
    expect(r.kinds.bw.available && r.kinds.bsa.available).toBe(true);
  });

  it('Enhanced PET: per-frame rescale and timing from the functional groups, decay reference stated outright', () => {
    const frame = (slope: number, start: string) => ({
      '00289145': { vr: 'SQ', Value: [{ '00281053': { vr: 'DS', Value: [slope] }, '00281052': { vr: 'DS', Value: [0] } }] },
      '00209111': { vr: 'SQ', Value: [{ '00189074': { vr: 'DT', Value: [start] }, '00189220': { vr: 'FD', Value: [120000] } }] },
    });
    const base = series({ DecayCorrection: undefined, CorrectedImage: undefined, SeriesTime: '090000', AcquisitionTime: undefined })[0]!;
    const enhanced: DicomJsonDataset = {
      ...base,
      '00280008': { vr: 'IS', Value: [2] },
      '00189758': { vr: 'CS', Value: ['YES'] },
      '00189759': { vr: 'CS', Value: ['YES'] },
      '00189701': { vr: 'DT', Value: ['20260301091000'] },
      '52009230': { vr: 'SQ', Value: [frame(0.5, '20260301090000'), frame(3, '20260301090200')] },
    };
    const r = computeSuv([enhanced]);
    expect(r.inputs.scanTimeSource).toBe('decay-correction-datetime');
    expect(r.frames.map((f) => f.rescaleSlope)).toEqual([0.5, 3]);
    expect(relative(factorOf(r.kinds.bw), bwFactor(75, 370e6, 4200))).toBeLessThan(1e-12);
  });
});
