import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMeasurement, StoredVolumeMeasurement } from '../../common/contract/hostContract';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { measurementTrackingUid } from '../../common/results/nameBasedUid';
import { COMPREHENSIVE_3D_SR, ENHANCED_SR, writeMeasurementReport, type MeasurementReportRequest } from '../../common/results/sr/measurementReport';
import { Codes, Units } from '../../common/results/sr/srCodes';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { dciodvfy, dsrdump, DSRDUMP_UTF8_NOTE } from '../../../testing/node/srPeers';

/**
 * Our Measurement Reports against the peers: dciodvfy finds no error in the IOD, dsrdump reads
 * them (checking the SR IOD's relationship constraints) with no error, and the values dsrdump
 * prints are the measurements' own, known by construction (a 3-4-5 triangle is 50 mm long).
 */

const tools = ['dciodvfy', 'dsrdump'].every((t) => existsSync(`/usr/bin/${t}`));
const load = (rel: string): DicomJsonDataset => parseDicom(new Uint8Array(readFileSync(samplePath(rel))), { source: rel }).dataset;
const firstFiles = (dir: string, n: number): string[] => readdirSync(samplePath(dir)).filter((f) => f.endsWith('.dcm')).sort().slice(0, n).map((f) => `${dir}/${f}`);
const str = (ds: DicomJsonDataset, tag: string): string => String(ds[tag]?.Value?.[0] ?? '');
const on = (ds: DicomJsonDataset, frame = 1) => ({ seriesInstanceUid: str(ds, '0020000E'), sopInstanceUid: str(ds, '00080018'), frame });
const doc = (n: number) => ({ seriesInstanceUid: `2.25.9000${n}`, sopInstanceUid: `2.25.9000${n}1`, contentDate: '20240102', contentTime: '030405', seriesDescription: 'Measurements' });
const plane = { right: [1, 0, 0] as [number, number, number], down: [0, 1, 0] as [number, number, number], normal: [0, 0, 1] as [number, number, number] };

/** A NUM as dsrdump prints it with +Pc: concept code value, numeric text, unit code value. */
function dumpedNums(lines: string[]): Array<[string, number, string]> {
  return lines.flatMap((l) => {
    const m = /NUM:\(([^,]+),[^,]+,"[^"]*"\)="([^"]*)" \(([^,]+),UCUM,/.exec(l);
    return m ? [[m[1]!, Number(m[2]), m[3]!] as [string, number, string]] : [];
  });
}

/** SCOORD / SCOORD3D as dsrdump prints them: graphic type, points, frame of reference. */
function dumpedShapes(lines: string[], type: 'SCOORD' | 'SCOORD3D'): Array<{ graphicType: string; points: number[][]; frameOfReference?: string }> {
  return lines.flatMap((l) => {
    const m = type === 'SCOORD' ? /SCOORD:[^=]*=\(([A-Z]+),([^)]*)\)/.exec(l) : /SCOORD3D:[^=]*=\(([A-Z]+),"([^"]+)",([^)]*)\)/.exec(l);
    if (!m) return [];
    const coords = (type === 'SCOORD' ? m[2]! : m[3]!).split(',').map((p) => p.split('/').map(Number));
    return [{ graphicType: m[1]!, points: coords, ...(type === 'SCOORD3D' ? { frameOfReference: m[2]! } : {}) }];
  });
}

const close = (got: number, want: number, rel = 1e-6): boolean => Math.abs(got - want) <= rel * Math.max(1, Math.abs(want));

interface Case {
  name: string;
  request: () => MeasurementReportRequest;
  sopClassUid: string;
  nums: Array<[string, number, string]>;
  scoords: Array<{ graphicType: string; points: number[][] }>;
  scoords3d?: Array<{ graphicType: string; points: number[][]; frameOfReference: string }>;
  utf8?: boolean;
}

describe.skipIf(missingHere(sharedSamplesAvailable() && tools, 'the shared DICOM samples, dciodvfy and dsrdump'))('Measurement Reports against dciodvfy and dsrdump', () => {
  let dir: string;
  const ctSlices = ['01', '02', '03'].map((n) => load(`seg-sr/dcmqi/ct-3slice/${n}.dcm`));
  const ct = ctSlices[0]!;
  const ctMm = Number(ct['00280030']!.Value![0]); // square pixels: 0.810547 mm
  const mr = load('pixel-formats/emri_small.dcm'); // 10 frames, no pixel spacing: uncalibrated
  const dx = load('seg-sr/highdicom/dx_image.dcm');
  const [dxRow, dxCol] = (dx['00280030']!.Value as number[]).map(Number) as [number, number];
  const pet = firstFiles('series/acrin-nsclc-fdg-pet-042/PT_AC', 3).map(load);
  const acrinCt = firstFiles('series/acrin-nsclc-fdg-pet-042/CT', 2).map(load);
  const petFoR = str(pet[0]!, '00200052');
  const ctFoR = str(acrinCt[0]!, '00200052');

  const ctMeasurements: StoredMeasurement[] = [
    { id: 'len', kind: 'length', ...on(ct), points: [[10, 10], [40, 50]] }, // 50 mm
    { id: 'ang', kind: 'angle', ...on(ct), points: [[30, 10], [10, 10], [10, 40]] }, // 90°
    { id: 'rect', kind: 'rectangle', ...on(ct), points: [[40, 30], [20, 20]] }, // 200 mm²
    { id: 'ell', kind: 'ellipse', ...on(ct), points: [[10, 10], [30, 20]] }, // 50π mm²
    { id: 'free', kind: 'freehand', ...on(ct), points: [[0, 0], [30, 0], [0, 40]] }, // 600 mm²
    { id: 'probe', kind: 'probe', ...on(ct), points: [[5, 6]] },
  ];
  const px = (mm: number[]): number[] => mm.map((v) => v / ctMm);

  const cases: Case[] = [
    {
      name: 'CT, every 2D kind with a value (Enhanced SR)',
      request: () => ({
        annotations: { studyInstanceUid: str(ct, '0020000D'), measurements: ctMeasurements },
        datasets: ctSlices,
        readerName: 'Reader^Rita',
        document: doc(1),
        findings: { len: { finding: { value: '27925004', scheme: 'SCT', meaning: 'Nodule' }, findingSite: { value: '39607008', scheme: 'SCT', meaning: 'Lung' } } },
        regionStats: { ell: { mean: 40.5, sd: 12.25, min: -3, max: 99 } },
      }),
      sopClassUid: ENHANCED_SR,
      nums: [
        ['410668003', 50, 'mm'],
        ['110859', 90, 'deg'],
        ['42798000', 200, 'mm2'],
        ['42798000', 50 * Math.PI, 'mm2'],
        ['112031', 40.5, "[hnsf'U]"],
        ['112031', 12.25, "[hnsf'U]"],
        ['112031', -3, "[hnsf'U]"],
        ['112031', 99, "[hnsf'U]"],
        ['42798000', 600, 'mm2'],
      ],
      scoords: [
        { graphicType: 'POLYLINE', points: [px([10, 10]), px([40, 50])] },
        { graphicType: 'POLYLINE', points: [px([30, 10]), px([10, 10]), px([10, 40])] },
        { graphicType: 'POLYLINE', points: [px([40, 30]), px([20, 30]), px([20, 20]), px([40, 20]), px([40, 30])] },
        { graphicType: 'ELLIPSE', points: [px([10, 15]), px([30, 15]), px([20, 10]), px([20, 20])] },
        { graphicType: 'POLYLINE', points: [px([0, 0]), px([30, 0]), px([0, 40]), px([0, 0])] },
        { graphicType: 'POINT', points: [px([5, 6])] },
      ],
    },
    {
      name: 'DX, Cobb angle, arrow and a reader named in UTF-8 (Enhanced SR)',
      request: () => ({
        annotations: {
          studyInstanceUid: str(dx, '0020000D'),
          measurements: [
            { id: 'cobb', kind: 'cobb', ...on(dx), points: [[0, 0], [10, 0], [0, 5], [10, 5 + 10 * Math.tan(Math.PI / 6)]] }, // lines 30° apart
            { id: 'arrow', kind: 'arrow', ...on(dx), points: [[12, 24], [36, 48]], text: 'Fracture' },
          ],
        },
        datasets: [dx],
        readerName: 'Müller^Jörg',
        document: doc(2),
      }),
      sopClassUid: ENHANCED_SR,
      nums: [['285285000', 30, 'deg']],
      scoords: [
        { graphicType: 'POLYLINE', points: [[0, 0], [10 / dxCol, 0]] },
        { graphicType: 'POLYLINE', points: [[0, 5 / dxRow], [10 / dxCol, (5 + 10 * Math.tan(Math.PI / 6)) / dxRow]] },
        { graphicType: 'POLYLINE', points: [[12 / dxCol, 24 / dxRow], [36 / dxCol, 48 / dxRow]] },
      ],
      utf8: true,
    },
    {
      name: 'multi-frame MR without pixel spacing: length in pixels on frame 7 (Enhanced SR)',
      request: () => ({ annotations: { studyInstanceUid: str(mr, '0020000D'), measurements: [{ id: 'mr', kind: 'length', ...on(mr, 7), points: [[3, 4], [6, 8]] }] }, datasets: [mr], readerName: 'Reader^Rita', document: doc(3) }),
      sopClassUid: ENHANCED_SR,
      nums: [['410668003', 5, '{pixels}']],
      scoords: [{ graphicType: 'POLYLINE', points: [[3, 4], [6, 8]] }],
    },
    {
      name: 'PET/CT: MPR length, angle and SUV ellipse (Comprehensive 3D SR)',
      request: () => {
        const volumeMeasurements: StoredVolumeMeasurement[] = [
          { id: 'v-len', kind: 'length', seriesInstanceUid: str(acrinCt[0]!, '0020000E'), points: [[0, 0, -50], [30, 40, -50]], plane },
          { id: 'v-ang', kind: 'angle', seriesInstanceUid: str(acrinCt[0]!, '0020000E'), points: [[10, 0, 0], [0, 0, 0], [0, 10, 0]], plane },
          { id: 'v-suv', kind: 'ellipse', seriesInstanceUid: str(pet[0]!, '0020000E'), points: [[0, 0, -50], [20, 10, -50]], plane, stats: { pixels: 50, mean: 2.5, sd: 0.75, min: 0.5, max: 6.25, areaMm2: 50 * Math.PI } },
        ];
        return {
          annotations: { studyInstanceUid: str(pet[0]!, '0020000D'), measurements: [], volumeMeasurements },
          datasets: [...acrinCt, ...pet],
          readerName: 'Reader^Rita',
          document: doc(4),
          intensity: { [str(pet[0]!, '0020000E')]: { concept: Codes.SUVbw, unit: Units.suvbw } },
        };
      },
      sopClassUid: COMPREHENSIVE_3D_SR,
      nums: [
        ['410668003', 50, 'mm'],
        ['110859', 90, 'deg'],
        ['42798000', 50 * Math.PI, 'mm2'],
        ['126401', 2.5, 'g/ml{SUVbw}'],
        ['126401', 0.75, 'g/ml{SUVbw}'],
        ['126401', 0.5, 'g/ml{SUVbw}'],
        ['126401', 6.25, 'g/ml{SUVbw}'],
      ],
      scoords: [],
      scoords3d: [
        { graphicType: 'POLYLINE', points: [[0, 0, -50], [30, 40, -50]], frameOfReference: ctFoR },
        { graphicType: 'POLYLINE', points: [[10, 0, 0], [0, 0, 0], [0, 10, 0]], frameOfReference: ctFoR },
        { graphicType: 'ELLIPSE', points: [[0, 5, -50], [20, 5, -50], [10, 0, -50], [10, 10, -50]], frameOfReference: petFoR },
      ],
    },
  ];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-sr-peers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = cases[i]!;
    const request = c.request();
    const written = writeMeasurementReport(request);
    expect(written.skipped).toEqual([]);
    expect(written.sopClassUid).toBe(c.sopClassUid);
    const file = path.join(dir, `report-${i}.dcm`);
    await writeFile(file, written.bytes);

    const iod = await dciodvfy(file);
    console.log(`[dciodvfy ${iod.iod}] ${c.name}: ${iod.warnings.length} warnings${iod.warnings.map((w) => `\n  ${w}`).join('')}`);
    expect(iod.errors).toEqual([]);
    expect(iod.iod).toBe(c.sopClassUid === ENHANCED_SR ? 'EnhancedSR' : 'Comprehensive3DSR');

    const dump = await dsrdump(file);
    expect(dump.code).toBe(0);
    expect(dump.problems).toEqual(c.utf8 ? [DSRDUMP_UTF8_NOTE] : []);

    const nums = dumpedNums(dump.content);
    expect(nums.map(([concept, , unit]) => [concept, unit])).toEqual(c.nums.map(([concept, , unit]) => [concept, unit]));
    nums.forEach(([, value], k) => expect(close(value, c.nums[k]![1], 1e-12), `NUM ${k}: ${value} vs ${c.nums[k]![1]}`).toBe(true));

    const shapes = dumpedShapes(dump.content, 'SCOORD');
    expect(shapes.map((s) => s.graphicType)).toEqual(c.scoords.map((s) => s.graphicType));
    shapes.forEach((s, k) => {
      expect(s.points.length).toBe(c.scoords[k]!.points.length);
      s.points.forEach((p, j) => p.forEach((v, d) => expect(close(v, c.scoords[k]!.points[j]![d]!), `SCOORD ${k} point ${j}: ${v}`).toBe(true)));
    });
    const shapes3d = dumpedShapes(dump.content, 'SCOORD3D');
    expect(shapes3d.map((s) => [s.graphicType, s.frameOfReference])).toEqual((c.scoords3d ?? []).map((s) => [s.graphicType, s.frameOfReference]));
    shapes3d.forEach((s, k) => s.points.forEach((p, j) => p.forEach((v, d) => expect(close(v, c.scoords3d![k]!.points[j]![d]!), `SCOORD3D ${k}`).toBe(true))));

    // Each group carries the measurement's id and the UID derived from it.
    const ids = [...request.annotations.measurements, ...(request.annotations.volumeMeasurements ?? [])].map((m) => m.id);
    const trackingUids = dump.content.flatMap((l) => /UIDREF:\(112040,DCM,[^)]*\)="([^"]+)"/.exec(l)?.[1] ?? []);
    expect(trackingUids).toEqual(ids.map((id) => measurementTrackingUid(request.annotations.studyInstanceUid, id)));
    expect(dump.content.filter((l) => l.includes('"Person Observer Name"')).join('')).toContain(request.readerName);
  }, 60_000);
});
