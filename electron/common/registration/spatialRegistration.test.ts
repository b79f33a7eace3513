import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { parseDicom } from '../dicom/parse/parseDicom';
import { adjustmentMatrix, applyToPoint, IDENTITY, invertAffine, multiply, rigidProblem } from './affineMatrix';
import { readSpatialRegistration, registrationBetween, type SpatialRegistration } from './readSpatialRegistration';
import { DEFORMABLE_SPATIAL_REGISTRATION_SOP_CLASS, SPATIAL_REGISTRATION_SOP_CLASS } from './registrationTags';
import { writeSpatialRegistration } from './writeSpatialRegistration';

const str = (vr: string, ...Value: string[]) => ({ vr, Value });
const image = (frameOfReference: string, series: string): DicomJsonDataset => ({
  '00080016': str('UI', '1.2.840.10008.5.1.4.1.1.2'),
  '00080018': str('UI', `${series}.1`),
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Phantom^Fusion' }] },
  '00100020': str('LO', 'PID-1'),
  '0020000D': str('UI', '1.2.3.4'),
  '0020000E': str('UI', series),
  '00200052': str('UI', frameOfReference),
});
const near = (a: readonly number[], b: readonly number[], eps = 1e-9) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, -Math.log10(eps)));

/** A registration data set the way another system writes it: each item maps its FoR into the registered space. */
function sro(registered: string, items: Array<[string, number[], string?]>, sopClass = SPATIAL_REGISTRATION_SOP_CLASS): DicomJsonDataset {
  return {
    '00080016': str('UI', sopClass),
    '00080018': str('UI', '9.9.9'),
    '0020000E': str('UI', '9.9'),
    '00200052': str('UI', registered),
    '00700080': str('CS', 'THEIRS'),
    '00700308': {
      vr: 'SQ',
      Value: items.map(([frameOfReference, matrix, type]) => ({
        '00200052': str('UI', frameOfReference),
        '00700309': { vr: 'SQ', Value: [{ '0070030A': { vr: 'SQ', Value: [{ '300600C6': { vr: 'DS', Value: matrix }, '0070030C': str('CS', type ?? 'RIGID') }] } }] },
      })),
    },
  };
}

describe('affine matrices', () => {
  it('inverts, composes and tells rigid from not', () => {
    const m = adjustmentMatrix({ translate: [5, -3, 12], rotateDegrees: [10, -20, 30] }, [100, 50, -40]);
    expect(rigidProblem(m)).toBeUndefined();
    near(multiply(invertAffine(m)!, m), IDENTITY);
    // Rotation about the centre leaves the centre where the translation takes it.
    near(applyToPoint(m, [100, 50, -40]), [105, 47, -28]);
    expect(rigidProblem([2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).toMatch(/not a rotation/);
    expect(rigidProblem([-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).toMatch(/mirrors/);
    expect(invertAffine([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).toBeUndefined();
  });
});

describe('reading Spatial Registration objects', () => {
  const a = '1.1.1';
  const b = '2.2.2';
  it('composes M_b⁻¹·M_a for a pair whose items both map into a third space', () => {
    const ma = adjustmentMatrix({ translate: [1, 2, 3], rotateDegrees: [0, 0, 90] }, [0, 0, 0]);
    const mb = adjustmentMatrix({ translate: [-4, 0, 7], rotateDegrees: [15, 0, 0] }, [0, 0, 0]);
    const read = readSpatialRegistration(sro('3.3.3', [[a, ma], [b, mb]]));
    expect(read.ok).toBe(true);
    const regs = [(read as { registration: SpatialRegistration }).registration];
    const found = registrationBetween(regs, a, b);
    expect(found.ok).toBe(true);
    const m = (found as { found: { matrix: number[] } }).found.matrix;
    // The same anatomy: a point of A taken into the registered space equals its image in B taken there.
    const p: [number, number, number] = [10, -20, 30];
    near(applyToPoint(mb, applyToPoint(m, p)), applyToPoint(ma, p));
    // And the other way round is the inverse.
    const back = registrationBetween(regs, b, a);
    near(multiply((back as { found: { matrix: number[] } }).found.matrix, m), IDENTITY);
  });

  it('refuses deformable, affine and unknown pairs with the reason', () => {
    expect(readSpatialRegistration({ ...sro(a, [[a, [...IDENTITY]]]), '00080016': str('UI', DEFORMABLE_SPATIAL_REGISTRATION_SOP_CLASS) })).toEqual({ ok: false, reason: expect.stringMatching(/Deformable/) });
    const affine = readSpatialRegistration(sro(a, [[a, [...IDENTITY]], [b, [1.1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 'AFFINE']]));
    const regs = [(affine as { registration: SpatialRegistration }).registration];
    expect(registrationBetween(regs, b, a)).toEqual({ ok: false, reason: expect.stringMatching(/AFFINE: only rigid/) });
    expect(registrationBetween(regs, b, '7.7')).toEqual({ ok: false, reason: expect.stringMatching(/no Spatial Registration names both/) });
    const lying = readSpatialRegistration(sro(a, [[a, [...IDENTITY]], [b, [1.1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]]]));
    expect(registrationBetween([(lying as { registration: SpatialRegistration }).registration], b, a)).toEqual({ ok: false, reason: expect.stringMatching(/said to be RIGID but/) });
  });
});

describe('writing a Spatial Registration object', () => {
  const fixed = image('1.2.3.100', '1.2.3.4.1');
  const moving = image('1.2.3.200', '1.2.3.4.2');
  const base = {
    fixed,
    moving,
    instances: [{ seriesInstanceUid: '1.2.3.4.1', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.4.1.1' }],
    sopInstanceUid: '2.25.1',
    seriesInstanceUid: '2.25.2',
    seriesNumber: 9904,
    instanceNumber: 1,
    contentLabel: 'LIGHTBOX',
    contentDescription: 'Aligned by hand',
    creatorName: 'Reader',
    date: '20261203',
    time: '170000',
  };

  it('reads back the moving → fixed matrix it was given', () => {
    const matrix = adjustmentMatrix({ translate: [12.5, -7, 30], rotateDegrees: [0, 5, 0] }, [0, 0, 100]);
    const bytes = writeSpatialRegistration({ ...base, matrix });
    const ds = parseDicom(bytes, { source: 'written' }).dataset;
    const read = readSpatialRegistration(ds);
    expect(read.ok).toBe(true);
    const reg = (read as { registration: SpatialRegistration }).registration;
    expect(reg.registeredFrameOfReferenceUid).toBe('1.2.3.100');
    const found = registrationBetween([reg], '1.2.3.200', '1.2.3.100');
    near((found as { found: { matrix: number[] } }).found.matrix, matrix, 1e-6);
  });

  it('refuses a non-rigid matrix and a shared Frame of Reference', () => {
    expect(() => writeSpatialRegistration({ ...base, matrix: [1, 0.2, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] })).toThrow(/only a rigid/);
    expect(() => writeSpatialRegistration({ ...base, moving: fixed, matrix: IDENTITY })).toThrow(/share their Frame of Reference/);
  });
});
