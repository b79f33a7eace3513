import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { parseDicom } from '../../../electron/common/dicom/parse/parseDicom';
import { readSpatialRegistration, type SpatialRegistration } from '../../../electron/common/registration/readSpatialRegistration';
import { writeSpatialRegistration } from '../../../electron/common/registration/writeSpatialRegistration';
import { fusionRefusal, type FusionSource } from './fusionSource';
import { manualPlacement, registeredSource, savedMatrix, storedPlacement } from './registeredFusion';

// The fused series as a known function of its own patient coordinates (inside a box): where the
// registration makes the sampler look can be read off the value it returns.
const g = (p: Vec3) => 1000 + 3 * p[0] - 2 * p[1] + 0.5 * p[2];
const inside = (p: Vec3) => p.every((x) => Math.abs(x) <= 200);
const FUSED_FOR = '2.25.200';
const IMAGE_FOR = '2.25.100';
const source: FusionSource = {
  seriesInstanceUid: '2.25.201',
  modality: 'PT',
  frameOfReferenceUid: FUSED_FOR,
  unit: 'SUVbw',
  suv: true,
  defaultWindow: { min: 0, max: 5 },
  sampler: { valueAt: (p) => (inside(p) ? g(p) : undefined) },
  notices: [],
  centre: [10, -20, 30],
};
const points: Vec3[] = [[0, 0, 0], [15, -40, 60], [-100, 33.5, -12]];
const str = (vr: string, ...Value: string[]) => ({ vr, Value });
const image = (frameOfReference: string, series: string): DicomJsonDataset => ({
  '00080016': str('UI', '1.2.840.10008.5.1.4.1.1.2'),
  '00080018': str('UI', `${series}.1`),
  '0020000D': str('UI', '2.25.1'),
  '0020000E': str('UI', series),
  '00200052': str('UI', frameOfReference),
});

/** The placement saved as an SRO, parsed back: what re-opening the study finds. */
function savedAndRead(placed: FusionSource): SpatialRegistration {
  const bytes = writeSpatialRegistration({
    fixed: image(IMAGE_FOR, '2.25.101'),
    moving: image(FUSED_FOR, '2.25.201'),
    matrix: savedMatrix(placed.registration!),
    instances: [],
    sopInstanceUid: '2.25.9',
    seriesInstanceUid: '2.25.8',
    seriesNumber: 9904,
    instanceNumber: 1,
    contentLabel: 'LIGHTBOX',
    contentDescription: 'Aligned by hand',
    creatorName: '',
    date: '20261203',
    time: '170000',
  });
  const read = readSpatialRegistration(parseDicom(bytes, { source: 'saved' }).dataset);
  if (!read.ok) throw new Error(read.reason);
  return read.registration;
}

describe('fusion through a registration', () => {
  it('is refused across Frames of Reference until a registration places it, then only over its images', () => {
    expect(fusionRefusal(IMAGE_FOR, source)).toMatch(/different Frames of Reference/);
    const placed = registeredSource(source, { imageFrameOfReferenceUid: IMAGE_FOR, matrix: [1, 0, 0, 5, 0, 1, 0, -6, 0, 0, 1, 7, 0, 0, 0, 1], label: 'x', kind: 'stored' });
    expect(fusionRefusal(IMAGE_FOR, placed)).toBeUndefined();
    expect(fusionRefusal('2.25.300', placed)).toMatch(/another Frame of Reference/);
    // Image point p is read at p + (5, −6, 7) of the fused series.
    for (const p of points) expect(placed.sampler.valueAt(p)).toBeCloseTo(g([p[0] + 5, p[1] - 6, p[2] + 7]), 9);
    // Taking the registration away gives the unregistered sampler back.
    const back = registeredSource(placed, undefined);
    expect(back.registration).toBeUndefined();
    for (const p of points) expect(back.sampler.valueAt(p)).toBeCloseTo(g(p), 9);
  });

  it('moves the fused volume by what the reader sets: shifted +t, the value of q shows at q + t', () => {
    const t: Vec3 = [12, -8, 20];
    const placed = manualPlacement(source, IMAGE_FOR, undefined, { translate: t, rotateDegrees: [0, 0, 0] });
    expect(placed.registration?.kind).toBe('manual');
    for (const q of points) expect(placed.sampler.valueAt([q[0] + t[0], q[1] + t[1], q[2] + t[2]])).toBeCloseTo(g(q), 9);
    // Turned about its centre: the centre's value stays where it was, other points move.
    const turned = manualPlacement(source, IMAGE_FOR, undefined, { translate: [0, 0, 0], rotateDegrees: [0, 0, 90] });
    expect(turned.sampler.valueAt(source.centre!)).toBeCloseTo(g(source.centre!), 9);
    // 90° about z through (10, −20, 30): the fused point centre + (d, 0, 0) shows at centre + (0, d, 0).
    expect(turned.sampler.valueAt([10, -20 + 15, 30])).toBeCloseTo(g([10 + 15, -20, 30]), 9);
  });

  it('reads back what it saves: the stored registration places the series as the alignment did', () => {
    const placed = manualPlacement(source, IMAGE_FOR, undefined, { translate: [3, 4, -5], rotateDegrees: [2, -3, 10] });
    const stored = storedPlacement(source, IMAGE_FOR, [savedAndRead(placed)]);
    expect(stored.ok).toBe(true);
    const again = (stored as { source: FusionSource }).source;
    expect(again.registration?.label).toMatch(/^registered \(REG LIGHTBOX Aligned by hand\)$/);
    for (const p of points) expect(again.sampler.valueAt(p)!).toBeCloseTo(placed.sampler.valueAt(p)!, 6);
    // Adjusting a stored registration starts from it: no adjustment is the stored placement.
    const adjusted = manualPlacement(source, IMAGE_FOR, again.registration!.matrix, { translate: [0, 0, 0], rotateDegrees: [0, 0, 0] });
    for (const p of points) expect(adjusted.sampler.valueAt(p)!).toBeCloseTo(placed.sampler.valueAt(p)!, 6);
    expect(storedPlacement(source, '2.25.999', [savedAndRead(placed)])).toEqual({ ok: false, reason: expect.stringMatching(/no Spatial Registration names both/) });
  });
});

describe('what a registered source leaves out', () => {
  it('offers no voxel grid: SUV regions drawn on the images would be measured in the fused series\' own coordinates', () => {
    const withGrid: FusionSource = { ...source, volume: () => { throw new Error('not built here'); } };
    const placed = manualPlacement(withGrid, IMAGE_FOR, undefined, { translate: [1, 0, 0], rotateDegrees: [0, 0, 0] });
    expect(placed.volume).toBeUndefined();
    expect(withGrid.volume).toBeDefined();
  });
});
