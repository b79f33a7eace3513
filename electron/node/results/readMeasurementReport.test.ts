import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { writeMeasurementReport } from '../../common/results/sr/measurementReport';
import { readMeasurementReport, type MeasurementReportModel } from '../../common/results/sr/readMeasurementReport';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { dcm2jsonContentItems, dsrdump, type JsonContentItem } from '../../../testing/node/srPeers';

/**
 * Our SR reader on reports written by others (highdicom, dcmqi) and by us: every NUM, SCOORD
 * and SCOORD3D of the model is one dcm2json's tree has (walked here, without our parser), in
 * the same order with the same value, unit, graphic type, points and referenced image; the
 * counts also match what dsrdump prints.
 */

const tools = ['dcm2json', 'dsrdump'].every((t) => existsSync(`/usr/bin/${t}`));
const THIRD_PARTY = ['seg-sr/highdicom/sr_document.dcm', 'seg-sr/highdicom/sr_document_with_multiple_groups.dcm', 'seg-sr/dcmqi/sr-example-qin-headneck/sr.dcm'];

const load = (file: string): DicomJsonDataset => parseDicom(new Uint8Array(readFileSync(file)), { source: file }).dataset;
const byPosition = (a: { position: string }, b: { position: string }): number => {
  const x = a.position.split('.').map(Number);
  const y = b.position.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

function everything(m: MeasurementReportModel) {
  return {
    numerics: [...m.groups.flatMap((g) => g.numerics), ...m.outside.numerics].sort(byPosition),
    scoords: [...m.groups.flatMap((g) => g.scoords), ...m.outside.scoords].sort(byPosition),
    scoords3d: [...m.groups.flatMap((g) => g.scoords3d), ...m.outside.scoords3d].sort(byPosition),
  };
}

const of = (items: JsonContentItem[], type: string): JsonContentItem[] => items.filter((i) => i.valueType === type);
const f32 = (values: number[]): number[] => values.map((v) => Math.fround(v));

/** The image a SCOORD is selected from, in dcm2json's tree: the next item one level down. */
function selectedFrom(items: JsonContentItem[], scoord: JsonContentItem): string | undefined {
  const at = items.indexOf(scoord);
  const child = items[at + 1];
  return child && child.depth === scoord.depth + 1 && child.valueType === 'IMAGE' ? child.sopInstanceUid : undefined;
}

describe.skipIf(missingHere(sharedSamplesAvailable() && tools, 'the shared DICOM samples, dcm2json and dsrdump'))('reading TID 1500 reports', () => {
  let dir: string;
  let ours: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-sr-read-'));
    const ct = load(samplePath('seg-sr/dcmqi/ct-3slice/01.dcm'));
    const s = (tag: string): string => String(ct[tag]!.Value![0]);
    const on = { seriesInstanceUid: s('0020000E'), sopInstanceUid: s('00080018'), frame: 1 };
    const plane = { right: [1, 0, 0] as [number, number, number], down: [0, 1, 0] as [number, number, number], normal: [0, 0, 1] as [number, number, number] };
    const report = writeMeasurementReport({
      annotations: {
        studyInstanceUid: s('0020000D'),
        measurements: [
          { id: 'a', kind: 'length', ...on, points: [[1.5, 2.25], [30.125, 41]] },
          { id: 'b', kind: 'cobb', ...on, points: [[0, 0], [9, 1], [0, 7], [8, 12]] },
          { id: 'c', kind: 'arrow', ...on, points: [[4, 4], [9, 9]], text: 'here' },
        ],
        volumeMeasurements: [{ id: 'd', kind: 'ellipse', seriesInstanceUid: s('0020000E'), points: [[1, 2, 3], [13, 9, 3]], plane, stats: { pixels: 9, mean: 12.5, sd: 3.25, min: -7, max: 40, areaMm2: 65.97 } }],
      },
      datasets: [ct],
      readerName: 'Reader^Rita',
      document: { seriesInstanceUid: '2.25.1', sopInstanceUid: '2.25.11', contentDate: '20240102', contentTime: '030405' },
      regionStats: { b: { mean: 1, sd: 2, min: 3, max: 4 } },
    });
    ours = path.join(dir, 'ours.dcm');
    await writeFile(ours, report.bytes);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const files = (): Array<[string, string]> => [...THIRD_PARTY.map((f): [string, string] => [f, samplePath(f)]), ['ours', ours]];

  it.each([...THIRD_PARTY, 'ours'])('%s: every NUM, SCOORD and SCOORD3D, as dcm2json and dsrdump have them', async (name) => {
    const file = files().find(([n]) => n === name)![1];
    const model = readMeasurementReport(load(file));
    const items = await dcm2jsonContentItems(file);
    const all = everything(model);

    const nums = of(items, 'NUM');
    expect(all.numerics.length).toBe(nums.length);
    all.numerics.forEach((n, i) => {
      const j = nums[i]!;
      expect(`${n.conceptName.value}|${n.conceptName.scheme}`).toBe(j.concept);
      expect(n.unit ? `${n.unit.value}|${n.unit.scheme}` : undefined).toBe(j.unit);
      if (j.numericValue === undefined || Number.isNaN(j.numericValue)) expect(n.value).toBeUndefined();
      else expect(Math.abs(n.value! - j.numericValue)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(j.numericValue)));
    });

    const scoords = of(items, 'SCOORD');
    expect(all.scoords.map((s) => [s.graphicType, f32(s.points.flat()), s.image?.sopInstanceUid])).toEqual(
      scoords.map((j) => [j.graphicType, f32(j.graphicData ?? []), selectedFrom(items, j)]),
    );
    const scoords3d = of(items, 'SCOORD3D');
    expect(all.scoords3d.map((s) => [s.graphicType, f32(s.points.flat()), s.frameOfReferenceUid])).toEqual(scoords3d.map((j) => [j.graphicType, f32(j.graphicData ?? []), j.frameOfReferenceUid]));

    // Segments: every Referenced Segment item, with its segment numbers.
    const segments = items.filter((j) => j.concept === '121191|DCM');
    expect(model.groups.flatMap((g) => g.segments.map((s) => [s.sopInstanceUid, s.segmentNumbers ?? []]))).toEqual(segments.map((j) => [j.sopInstanceUid, j.segmentNumbers ?? []]));

    // Tracking identifiers: one per group, as written.
    const tracking = items.filter((j) => j.valueType === 'TEXT' && j.concept === '112039|DCM').map((j) => j.text);
    expect(model.groups.map((g) => g.trackingIdentifier)).toEqual(tracking);
    expect(model.groups.every((g) => g.trackingUid && /^[0-9.]+$/.test(g.trackingUid))).toBe(true);

    // dsrdump, a reader of its own, counts the same.
    const dump = await dsrdump(file);
    expect(dump.code).toBe(0);
    const count = (re: RegExp): number => dump.content.filter((l) => re.test(l)).length;
    expect([count(/ NUM:/), count(/ SCOORD:/), count(/ SCOORD3D:/)]).toEqual([all.numerics.length, all.scoords.length, all.scoords3d.length]);
  });

  it('tells ours from others: ours flagged, each of our groups naming its measurement', () => {
    for (const f of THIRD_PARTY) {
      const m = readMeasurementReport(load(samplePath(f)));
      expect(m.isOurs, f).toBe(false);
      expect(m.groups.some((g) => g.lightbox), f).toBe(false);
      expect(m.groups.length, f).toBeGreaterThan(0);
    }
    const mine = readMeasurementReport(load(ours));
    expect(mine.isOurs).toBe(true);
    expect(mine.groups.map((g) => g.lightbox)).toEqual([
      { dimension: '2d', kind: 'length', id: 'a' },
      { dimension: '2d', kind: 'cobb', id: 'b' },
      { dimension: '2d', kind: 'arrow', id: 'c' },
      { dimension: '3d', kind: 'ellipse', id: 'd' },
    ]);
  });

  it('reads the parts of dcmqi’s report that name things: finding, site, procedure, observer, segment, SUV statistics', () => {
    const m = readMeasurementReport(load(samplePath('seg-sr/dcmqi/sr-example-qin-headneck/sr.dcm')));
    const g = m.groups[0]!;
    expect(g.trackingIdentifier).toBe('primary tumor');
    expect(g.finding?.meaning).toBe('Neoplasm, Primary');
    expect(g.findingSites.map((s) => s.meaning)).toEqual(['pharyngeal tonsil (adenoid)']);
    expect(g.segments).toEqual([{ sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4', sopInstanceUid: '1.2.276.0.7230010.3.1.4.8323329.18591.1440001312.777033', segmentNumbers: [1] }]);
    expect(m.observerNames).toEqual(['User2']);
    expect(m.proceduresReported.map((p) => p.value)).toEqual(['44139-4']);
    const mean = g.numerics.find((n) => n.derivation?.meaning === 'Mean');
    expect(mean).toMatchObject({ value: 6.01529, unit: { value: '{SUVbw}g/ml' } });
    expect(m.imageLibrary.length).toBeGreaterThan(50);
  });
});
