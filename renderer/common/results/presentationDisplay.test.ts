import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { buildPresentationState } from '../../../electron/common/results/presentationState/buildPresentationState';
import { presentationForImage } from '../../../electron/common/results/presentationState/presentationStateModel';
import { parsePresentationStatePart10 } from '../../../electron/common/results/presentationState/readPresentationState';
import { writePresentationState } from '../../../electron/common/results/presentationState/writePresentationState';
import { imageToScreen, screenToImage, type Rotation } from '../viewing/viewTransform';
import { presentationDisplay } from './presentationDisplay';

// A view kept as a GSPS (our writer, bytes parsed back) and shown again: the same window,
// polarity, orientation and visible part of the image, for every rotation and flip.
const header = (photometric: string): DicomJsonDataset => ({
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
  '00080018': { vr: 'UI', Value: ['1.2.3.4.1'] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '0020000D': { vr: 'UI', Value: ['1.2.3'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00280004': { vr: 'CS', Value: [photometric] },
  '00280010': { vr: 'US', Value: [200] },
  '00280011': { vr: 'US', Value: [160] },
  '00280030': { vr: 'DS', Value: [0.5, 0.25] },
  '00280100': { vr: 'US', Value: [16] },
  '00280101': { vr: 'US', Value: [12] },
  '00280103': { vr: 'US', Value: [1] },
  '00281052': { vr: 'DS', Value: [-1024] },
  '00281053': { vr: 'DS', Value: [1] },
});

describe('showing a presentation state', () => {
  const size = { width: 600, height: 400 };
  for (const photometric of ['MONOCHROME2', 'MONOCHROME1'])
    for (const rotation of [0, 90, 180, 270] as Rotation[])
      for (const [flipH, flipV] of [[false, false], [true, false], [false, true]] as const)
        for (const invert of [false, true])
          it(`${photometric}, rotation ${rotation}, flip ${flipH ? 'H' : flipV ? 'V' : 'none'}, invert ${invert}: the same view comes back`, () => {
            const h = header(photometric);
            // Visible part on whole pixels (the displayed area is kept in pixels): columns 8–120 (× 0.25 mm), rows 20–150 (× 0.5 mm).
            const visibleMm = { left: 2, top: 10, right: 30, bottom: 75 };
            const state = buildPresentationState({ images: [{ header: h }], sopInstanceUid: '2.25.1', seriesInstanceUid: '2.25.2', createdAt: new Date(2026, 0, 2), contentLabel: 'T', window: { center: 50, width: 350 }, invert, rotation, flipH, flipV, visibleMm });
            const read = parsePresentationStatePart10(writePresentationState(state, { source: h, seriesNumber: 1 }));
            const shown = presentationDisplay(presentationForImage(read, '1.2.3.4.1'), { columns: 160, rows: 200, pixelSpacing: [0.5, 0.25], photometricInterpretation: photometric }, size);
            expect(shown.window).toEqual({ center: 50, width: 350 });
            expect(shown.invert).toBe(invert);
            // Orientation: image directions land where the original view put them.
            const original = { center: [16, 42.5] as [number, number], scale: 1, rotation, flipH, flipV };
            const dir = (t: typeof original, p: [number, number]) => {
              const o = imageToScreen(t, size, [0, 0]);
              const q = imageToScreen(t, size, p);
              return [Math.sign(Math.round(q[0] - o[0])), Math.sign(Math.round(q[1] - o[1]))];
            };
            for (const p of [[1, 0], [0, 1]] as Array<[number, number]>) expect(dir(shown.transform, p)).toEqual(dir(original, p));
            // The visible part: centred and filling the viewport along its limiting side.
            const corners = [screenToImage(shown.transform, size, [0, 0]), screenToImage(shown.transform, size, [size.width, size.height])];
            const xs = corners.map((c) => c[0]).sort((a, b) => a - b);
            const ys = corners.map((c) => c[1]).sort((a, b) => a - b);
            expect((xs[0]! + xs[1]!) / 2).toBeCloseTo(16, 6);
            expect((ys[0]! + ys[1]!) / 2).toBeCloseTo(42.5, 6);
            const fitsWidth = Math.abs(xs[1]! - xs[0]! - 28) < 1e-6 || Math.abs(ys[1]! - ys[0]! - 65) < 1e-6;
            expect(fitsWidth).toBe(true);
            expect(xs[1]! - xs[0]!).toBeGreaterThanOrEqual(28 - 1e-6);
            expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(65 - 1e-6);
          });
});
