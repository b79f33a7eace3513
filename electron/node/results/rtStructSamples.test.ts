import { describe, expect, it } from 'vitest';
import { imagePlanesOf } from '../../common/results/imagePlanes';
import { matchContoursToImages, placementsOnImage } from '../../common/results/rtstruct/contourImageMatching';
import { projectContour } from '../../common/results/rtstruct/contourProjection';
import type { RtStructureSet } from '../../common/results/rtstruct/rtStructModel';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { dcm2json } from '../../../testing/node/segmentationOracle';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { readRtStructFile } from './readResultFiles';

const MOCK = 'seg-sr/rt-utils/mock_data';
const RT_FILES = [`${MOCK}/rt.dcm`, `${MOCK}/non_existent_reference_rt.dcm`];
const CT_FILES = [`${MOCK}/ct_1.dcm`, `${MOCK}/ct_2.dcm`];

type Json = Record<string, { vr: string; Value?: unknown[] }>;
const items = (ds: Json | undefined, tag: string): Json[] => (ds?.[tag]?.Value ?? []) as Json[];
const values = (ds: Json | undefined, tag: string): number[] => (ds?.[tag]?.Value ?? []).map(Number);

/** dcmdump's reading of each ROI: number → name, and Referenced ROI Number → display colour, in file order. */
async function dumpedRois(file: string): Promise<{ names: Array<[number, string]>; colors: Array<[number, number[]]> }> {
  const dump = (await runTool('dcmdump', ['-q', '+L', file])).toString('latin1').split('\n');
  const names: Array<[number, string]> = [];
  const colors: Array<[number, number[]]> = [];
  let number: number | undefined;
  let color: number[] | undefined;
  for (const line of dump) {
    const n = line.match(/\(3006,0022\) IS \[(\d+)\]/)?.[1];
    if (n) number = Number(n);
    const name = line.match(/\(3006,0026\) LO \[([^\]]*)\]/)?.[1];
    if (name !== undefined) names.push([number!, name]);
    const c = line.match(/\(3006,002a\) IS \[([^\]]*)\]/)?.[1];
    if (c) color = c.split('\\').map(Number);
    // In the ROI Contour item the colour comes before the Referenced ROI Number.
    const ref = line.match(/^\s{4}\(3006,0084\) IS \[(\d+)\]/)?.[1];
    if (ref && color) {
      colors.push([Number(ref), color]);
      color = undefined;
    }
  }
  return { names, colors };
}

interface CtFacts {
  sop: string;
  position: number[];
  orientation: number[];
  spacing: number[];
  thickness: number;
}

async function ctFacts(): Promise<CtFacts[]> {
  return Promise.all(
    CT_FILES.map(async (rel) => {
      const j = await dcm2json(samplePath(rel));
      return {
        sop: String(j['00080018']!.Value![0]),
        position: values(j, '00200032'),
        orientation: values(j, '00200037'),
        spacing: values(j, '00280030'),
        thickness: values(j, '00180050')[0]!,
      };
    }),
  );
}

/** Contours as dcm2json reads them: ROI number, geometric type, points, referenced SOP. */
async function jsonContours(file: string): Promise<Array<{ roi: number; type: string; points: number[]; sop?: string }>> {
  const j = await dcm2json(file);
  return items(j, '30060039').flatMap((roi) =>
    items(roi, '30060040').map((c) => ({
      roi: values(roi, '30060084')[0]!,
      type: String(c['30060042']?.Value?.[0]),
      points: values(c, '30060050'),
      sop: items(c, '30060016')[0]?.['00081155']?.Value?.[0] as string | undefined,
    })),
  );
}

/** The CT (by dcmtk's reading) whose slice holds every vertex: |z − slice z| ≤ thickness / 2 (axial images). */
function sliceHolding(points: number[], cts: CtFacts[]): string | undefined {
  return cts.find((ct) => points.every((_, i) => i % 3 !== 2 || Math.abs(points[i]! - ct.position[2]!) <= ct.thickness / 2))?.sop;
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'shared DICOM samples (../shared/dicom-samples)'))('RTSTRUCT samples (rt-utils mock data) against dcmtk', () => {
  const images = () => CT_FILES.flatMap((rel) => imagePlanesOf(readDicomFileSync(samplePath(rel)).dataset));

  it.each(RT_FILES)('%s: names and colours as dcmdump reads them; vertices as dcm2json reads them (±0.01 mm)', async (rel) => {
    const file = samplePath(rel);
    const set = readRtStructFile(file);
    expect(set.warnings).toEqual([]);
    const dumped = await dumpedRois(file);
    expect(set.structures.map((s) => [s.roiNumber, s.name])).toEqual(dumped.names);
    expect(set.structures.map((s) => [s.roiNumber, s.color])).toEqual(dumped.colors);
    const expected = await jsonContours(file);
    const got = set.structures.flatMap((s) => s.contours.map((c) => ({ roi: s.roiNumber, c })));
    expect(got.length).toBe(expected.length);
    got.forEach(({ roi, c }, i) => {
      const e = expected[i]!;
      expect([roi, c.geometricType, c.images[0]?.sopInstanceUid]).toEqual([e.roi, e.type, e.sop]);
      expect(c.points.length).toBe(e.points.length);
      c.points.forEach((v, k) => expect(Math.abs(v - e.points[k]!)).toBeLessThanOrEqual(0.01));
    });
  });

  it.each(RT_FILES)('%s: contours land on the CT slice that holds them — by reference where the CT is here, by plane otherwise', async (rel) => {
    const file = samplePath(rel);
    const set = readRtStructFile(file);
    const cts = await ctFacts();
    const expected = await jsonContours(file);
    const placements = matchContoursToImages(set, images());
    expect(placements.length).toBe(expected.length);
    placements.forEach((p, i) => {
      const e = expected[i]!;
      const holding = sliceHolding(e.points, cts);
      expect(p.sopInstanceUid, `contour ${i} of ROI ${e.roi}`).toBe(holding);
      const referencedHere = cts.some((ct) => ct.sop === e.sop);
      expect(p.matchedBy).toBe(referencedHere ? 'reference' : holding ? 'plane' : 'none');
    });
    if (rel.includes('non_existent')) {
      // Its contours at z = 70 name an image that is not in the mock data, and no CT slice is within 2.5 mm.
      expect(placements.filter((p) => p.matchedBy === 'none').length).toBe(4);
    }
  });

  it('without any Contour Image Sequence every contour is placed by plane distance on the slice dcmtk says holds it', async () => {
    const file = samplePath(`${MOCK}/non_existent_reference_rt.dcm`);
    const set = readRtStructFile(file);
    const stripped: RtStructureSet = { ...set, structures: set.structures.map((s) => ({ ...s, contours: s.contours.map((c) => ({ ...c, images: [] })) })) };
    const cts = await ctFacts();
    const expected = await jsonContours(file);
    const placements = matchContoursToImages(stripped, images());
    placements.forEach((p, i) => {
      const holding = sliceHolding(expected[i]!.points, cts);
      expect(p.sopInstanceUid).toBe(holding);
      expect(p.matchedBy).toBe(holding ? 'plane' : 'none');
      if (holding) expect(p.distanceMm!).toBeLessThanOrEqual(0.01);
    });
    const ct1 = cts[0]!.sop;
    expect(placementsOnImage(placements, ct1).map((p) => p.roiNumber)).toEqual([1, 2, 3, 4]);
  });

  it('projected vertices are the pixel coordinates dcmtk\'s geometry gives: (x − x₀) / column spacing, (y − y₀) / row spacing', async () => {
    const cts = await ctFacts();
    const planes = images();
    const set = readRtStructFile(samplePath(`${MOCK}/rt.dcm`));
    const placements = matchContoursToImages(set, planes);
    let checked = 0;
    for (const p of placements) {
      const ct = cts.find((c) => c.sop === p.sopInstanceUid)!;
      // The mock CTs are axial (1,0,0 / 0,1,0): column along x, row along y.
      expect(ct.orientation).toEqual([1, 0, 0, 0, 1, 0]);
      const contour = set.structures.find((s) => s.roiNumber === p.roiNumber)!.contours[p.contourIndex]!;
      const projected = projectContour(contour.points, planes.find((pl) => pl.sopInstanceUid === ct.sop)!);
      expect(projected.maxOutOfPlaneMm).toBeLessThan(1e-9);
      for (let i = 0; i < contour.points.length / 3; i++) {
        const column = (contour.points[3 * i]! - ct.position[0]!) / ct.spacing[1]!;
        const row = (contour.points[3 * i + 1]! - ct.position[1]!) / ct.spacing[0]!;
        expect(projected.pixels[2 * i]).toBeCloseTo(column, 9);
        expect(projected.pixels[2 * i + 1]).toBeCloseTo(row, 9);
        expect(projected.imageMm[2 * i]).toBeCloseTo((column + 0.5) * ct.spacing[1]!, 9);
        checked++;
      }
    }
    expect(checked).toBe(12);
  });
});
