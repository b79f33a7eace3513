import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import type { StoredMeasurement } from '../../contract/hostContract';
import { buildPresentationState, gspsSpatialTransform, type ViewerPresentation } from './buildPresentationState';
import { displayedGeometry } from './displayedGeometry';
import { mmToPixel } from './measurementGraphics';
import { presentationForImage } from './presentationStateModel';
import { parsePresentationStatePart10 } from './readPresentationState';
import { renderPresentation } from './renderPresentation';
import { codeString, writePresentationState } from './writePresentationState';

const header = (sop: string, extra: DicomJsonDataset = {}): DicomJsonDataset => ({
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
  '00080018': { vr: 'UI', Value: [sop] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller^Anna' }] },
  '00100020': { vr: 'LO', Value: ['P1'] },
  '0020000D': { vr: 'UI', Value: ['1.2.3'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
  '00280010': { vr: 'US', Value: [100] },
  '00280011': { vr: 'US', Value: [80] },
  '00280030': { vr: 'DS', Value: [0.5, 0.25] },
  '00280100': { vr: 'US', Value: [16] },
  '00280101': { vr: 'US', Value: [12] },
  '00280103': { vr: 'US', Value: [1] },
  '00281052': { vr: 'DS', Value: [-1024] },
  '00281053': { vr: 'DS', Value: [1] },
  ...extra,
});

const m = (id: string, kind: StoredMeasurement['kind'], points: Array<[number, number]>, sop = '1.2.3.4.1'): StoredMeasurement => ({ id, kind, seriesInstanceUid: '1.2.3.4', sopInstanceUid: sop, frame: 1, points });

function request(extra: Partial<ViewerPresentation> = {}): ViewerPresentation {
  return {
    images: [{ header: header('1.2.3.4.1') }, { header: header('1.2.3.4.2') }],
    sopInstanceUid: '2.25.11',
    seriesInstanceUid: '2.25.12',
    createdAt: new Date(2024, 1, 3, 4, 5, 6),
    contentLabel: 'my view #1',
    invert: false,
    rotation: 90,
    flipH: false,
    window: { center: 40, width: 400 },
    visibleMm: { left: 5, top: 10, right: 15, bottom: 30 },
    shutters: { rectangular: { left: 2, right: 70, upper: 3, lower: 90 }, polygonal: { vertices: [[1, 1], [80, 1], [40, 100]] }, presentationValue: 0x8000 },
    measurements: [m('a', 'length', [[1, 2], [3, 4]]), m('b', 'ellipse', [[2, 2], [6, 4]]), m('c', 'arrow', [[1, 1], [5, 5]], '1.2.3.4.2')],
    ...extra,
  };
}

describe('writing and reading a presentation state', () => {
  it('is deterministic: the same view gives the same bytes, another time other bytes', () => {
    const a = writePresentationState(buildPresentationState(request()), { source: header('1.2.3.4.1'), seriesNumber: 5 });
    const b = writePresentationState(buildPresentationState(request()), { source: header('1.2.3.4.1'), seriesNumber: 5 });
    const c = writePresentationState(buildPresentationState(request({ createdAt: new Date(2024, 1, 3, 4, 5, 7) })), { source: header('1.2.3.4.1'), seriesNumber: 5 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('reads back what it wrote', () => {
    const ps = buildPresentationState(request());
    const back = parsePresentationStatePart10(writePresentationState(ps, { source: header('1.2.3.4.1'), seriesNumber: 5 }));
    expect(back.contentLabel).toBe('MY VIEW _1');
    expect(back.referencedImages).toEqual(ps.referencedImages);
    expect(back.modalityLut).toEqual({ kind: 'rescale', slope: 1, intercept: -1024, type: 'HU' });
    expect(back.voi).toEqual(ps.voi);
    expect(back.displayedAreas).toEqual(ps.displayedAreas);
    expect(back.shutters).toEqual(ps.shutters);
    expect([back.rotation, back.horizontalFlip]).toEqual([90, false]);
    expect(back.layers).toEqual(ps.layers);
    // FL keeps ~7 digits: compare the geometry to that precision.
    for (const [i, a] of ps.annotations.entries()) {
      const r = back.annotations[i]!;
      expect(r.appliesTo).toEqual(a.appliesTo);
      expect(r.graphics.map((g) => g.type)).toEqual(a.graphics.map((g) => g.type));
      r.graphics.flatMap((g) => g.points.flat()).forEach((v, k) => expect(v).toBeCloseTo(a.graphics.flatMap((g) => g.points.flat())[k]!, 4));
      expect(r.texts.map((t) => t.text)).toEqual(a.texts.map((t) => t.text));
    }
  });

  it('marks UTF-8 text with ISO_IR 192 and keeps it', () => {
    const bytes = writePresentationState(buildPresentationState(request()), { source: header('1.2.3.4.1'), seriesNumber: 5 });
    expect(new TextDecoder().decode(bytes)).toContain('ISO_IR 192');
    expect(new TextDecoder().decode(bytes)).toContain('Müller^Anna');
  });

  it('writes CS values the way PS3.5 allows', () => {
    expect(codeString('Chest – lung window!', 'X')).toBe('CHEST _ LUNG WIN');
    expect(codeString('', 'UNNAMED')).toBe('UNNAMED');
  });

  it('applies each annotation to its own image and the rest to all', () => {
    const ps = buildPresentationState(request());
    const first = presentationForImage(ps, '1.2.3.4.1');
    const second = presentationForImage(ps, '1.2.3.4.2');
    expect(first.layers.flatMap((l) => l.annotations).length).toBe(2);
    expect(second.layers.flatMap((l) => l.annotations).length).toBe(1);
    expect(first.voi).toEqual(second.voi);
  });

  it('refuses images whose Modality LUTs differ (one state holds one)', () => {
    const other = header('1.2.3.4.2', { '00281052': { vr: 'DS', Value: [0] } });
    expect(() => buildPresentationState(request({ images: [{ header: header('1.2.3.4.1') }, { header: other }] }))).toThrow(/Modality LUT/);
  });
});

describe('geometry conventions', () => {
  it('maps image-plane mm to GSPS PIXEL coordinates with 0\\0 at the image corner (PS3.3 C.10.5)', () => {
    // Pixel Spacing is row\column: 0.5 mm between rows, 0.25 between columns. The centre of the
    // 1-based pixel (column 3, row 2) is 2.5 columns and 1.5 rows from the corner.
    expect(mmToPixel([2.5 * 0.25, 1.5 * 0.5], [0.5, 0.25])).toEqual([2.5, 1.5]);
  });

  it('turns the viewer’s flip-then-rotate into GSPS rotate-then-flip', () => {
    type M = [number, number, number, number];
    const mul = (a: M, b: M): M => [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]];
    // Clockwise on a y-down screen.
    const rot = (deg: number): M => {
      const r = (deg * Math.PI) / 180;
      const [c, s] = [Math.round(Math.cos(r)), Math.round(Math.sin(r))];
      return [c, -s, s, c];
    };
    const FX: M = [-1, 0, 0, 1];
    const FY: M = [1, 0, 0, -1];
    const I: M = [1, 0, 0, 1];
    for (const rotation of [0, 90, 180, 270] as const)
      for (const flipH of [false, true])
        for (const flipV of [false, true]) {
          const viewer = mul(rot(rotation), mul(flipV ? FY : I, flipH ? FX : I));
          const g = gspsSpatialTransform(rotation, flipH, flipV);
          expect(mul(g.horizontalFlip ? FX : I, rot(g.rotation)).map((v) => v + 0), `${rotation} ${flipH} ${flipV}`).toEqual(viewer.map((v) => v + 0));
        }
  });

  it('rotates the displayed area clockwise, then mirrors it', () => {
    const g = displayedGeometry({ displayedArea: { topLeft: [11, 21], bottomRight: [40, 30], sizeMode: 'SCALE TO FIT' }, rotation: 90, horizontalFlip: false }, 80, 100);
    expect([g.width, g.height]).toEqual([10, 30]);
    // The area's top-left corner ends up top-right.
    expect(g.toDisplay([10, 20])).toEqual([10, 0]);
    for (const p of [[12.5, 22.25], [39, 29]] as Array<[number, number]>) expect(g.toImage(g.toDisplay(p))).toEqual(p);
    const f = displayedGeometry({ rotation: 0, horizontalFlip: true }, 80, 100);
    expect(f.toDisplay([0, 0])).toEqual([80, 0]);
  });

  it('writes the displayed area corners as the pixels shown top-left and bottom-right', () => {
    const ps = buildPresentationState(request({ rotation: 90, visibleMm: { left: 0, top: 0, right: 10, bottom: 20 } }));
    // 10 mm at 0.25 mm = 40 columns, 20 mm at 0.5 mm = 40 rows; after 90° clockwise the top-left
    // shown pixel is the area's bottom-left one.
    expect(ps.displayedAreas[0]!.value).toMatchObject({ topLeft: [1, 40], bottomRight: [40, 1] });
  });
});

describe('rendering', () => {
  const frame = { columns: 4, rows: 2, bitsStored: 12, pixelRepresentation: 1 as const, samples: Int16Array.from([0, 100, 200, 300, 400, 500, 600, 700]) };
  const base = { rotation: 0 as const, horizontalFlip: false, shutters: { presentationValue: 0 }, presentationLut: { kind: 'shape' as const, shape: 'IDENTITY' as const }, layers: [] };

  it('windows linearly (PS3.3 C.11.2.1.2) and inverts with INVERSE', () => {
    const voi = { kind: 'window' as const, center: 350.5, width: 701, fn: 'LINEAR' as const };
    const plain = renderPresentation(frame, { ...base, voi });
    // x = 0 is the window's bottom (c − 0.5 − (w − 1)/2), x = 700 its top.
    expect(plain.pixels[0]).toBe(0);
    expect(plain.pixels[7]).toBe(255);
    const inverse = renderPresentation(frame, { ...base, voi, presentationLut: { kind: 'shape', shape: 'INVERSE' } });
    expect(Array.from(inverse.pixels)).toEqual(Array.from(plain.pixels).map((v) => 255 - v));
  });

  it('fills closed shutters and the area beyond the image with the Shutter Presentation Value', () => {
    const voi = { kind: 'window' as const, center: 350.5, width: 701, fn: 'LINEAR' as const };
    const r = renderPresentation(frame, { ...base, voi, shutters: { rectangular: { left: 2, right: 4, upper: 1, lower: 2 }, presentationValue: 0xffff }, displayedArea: { topLeft: [1, 1], bottomRight: [5, 2], sizeMode: 'SCALE TO FIT' } });
    expect(r.width).toBe(5);
    expect(r.pixels[0]).toBe(255);
    expect(r.pixels[4]).toBe(255);
    expect(r.pixels[1]).toBeLessThan(255);
  });
});
