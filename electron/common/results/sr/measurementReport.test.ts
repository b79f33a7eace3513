import { describe, expect, it } from 'vitest';
import type { StoredMeasurement, StoredVolumeMeasurement } from '../../contract/hostContract';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { parseDicom } from '../../dicom/parse/parseDicom';
import { COMPREHENSIVE_3D_SR, ENHANCED_SR, writeMeasurementReport, type MeasurementReportRequest } from './measurementReport';
import { recoverOwnMeasurements } from './ownMeasurements';
import { readMeasurementReport } from './readMeasurementReport';
import { measurementReportIdentity } from '../reportIdentity';

// A synthetic study (the peer tests in electron/node/results use real samples): one CT image with
// anisotropic pixels, one multi-frame MR without spacing (uncalibrated).
const STUDY = '1.2.826.0.1.3680043.8.498.1';
const ct: DicomJsonDataset = {
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
  '00080018': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.1.1.1'] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
  '00100020': { vr: 'LO', Value: ['P1'] },
  '0020000D': { vr: 'UI', Value: [STUDY] },
  '0020000E': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.1.1'] },
  '00200052': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.1.9'] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [512] },
  '00280030': { vr: 'DS', Value: [0.5, 0.8] },
};
const mr: DicomJsonDataset = {
  ...ct,
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4.1'] },
  '00080018': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.1.2.1'] },
  '00080060': { vr: 'CS', Value: ['MR'] },
  '0020000E': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.1.2'] },
  '00280008': { vr: 'IS', Value: [10] },
  '00280030': { vr: 'DS' },
};

const on = (ds: DicomJsonDataset, frame = 1) => ({ seriesInstanceUid: String(ds['0020000E']!.Value![0]), sopInstanceUid: String(ds['00080018']!.Value![0]), frame });
const measurements: StoredMeasurement[] = [
  { id: 'len', kind: 'length', ...on(ct), points: [[10.25, 20.5], [50.75, 80.125]] },
  { id: 'ang', kind: 'angle', ...on(ct), points: [[10, 20], [30, 30], [50, 10]] },
  { id: 'cobb', kind: 'cobb', ...on(ct), points: [[10, 20], [30, 30], [50, 10], [70, 40]] },
  { id: 'ell', kind: 'ellipse', ...on(ct), points: [[60, 40], [10, 20]] },
  { id: 'tall', kind: 'ellipse', ...on(ct), points: [[10, 10], [20, 90]] },
  { id: 'rect', kind: 'rectangle', ...on(ct), points: [[60, 40], [10, 20]] },
  { id: 'free', kind: 'freehand', ...on(ct), points: [[10, 20], [60, 40], [30, 70], [12, 50]] },
  { id: 'probe', kind: 'probe', ...on(ct), points: [[10, 20]] },
  { id: 'arrow', kind: 'arrow', ...on(ct), points: [[10, 20], [15, 25]], text: 'Nodule' },
  { id: 'mr-len', kind: 'length', ...on(mr, 7), points: [[3, 4], [6, 8]] },
];
const volume: StoredVolumeMeasurement[] = [
  { id: 'v-len', kind: 'length', seriesInstanceUid: on(ct).seriesInstanceUid, points: [[-10, 20, 30], [20, 40, 35]], plane: { right: [1, 0, 0], down: [0, 1, 0], normal: [0, 0, 1] } },
];

function request(extra: Partial<MeasurementReportRequest> = {}): MeasurementReportRequest {
  return {
    annotations: { studyInstanceUid: STUDY, measurements },
    datasets: [ct, mr],
    readerName: 'Reader^Rita',
    document: { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1.77', sopInstanceUid: '1.2.826.0.1.3680043.8.498.1.77.1', contentDate: '20240301', contentTime: '101112' },
    ...extra,
  };
}

const parse = (bytes: Uint8Array) => parseDicom(bytes, { source: 'report' }).dataset;

describe('writeMeasurementReport', () => {
  it('gives the same bytes for the same input, and other bytes for another SOP Instance UID', () => {
    const a = writeMeasurementReport(request()).bytes;
    const b = writeMeasurementReport(request()).bytes;
    expect(b).toEqual(a);
    const c = writeMeasurementReport(request({ document: { ...request().document, sopInstanceUid: '1.2.826.0.1.3680043.8.498.1.77.2' } })).bytes;
    expect(c).not.toEqual(a);
  });

  it('writes Enhanced SR for 2D measurements and Comprehensive 3D SR once an MPR measurement is in', () => {
    expect(writeMeasurementReport(request()).sopClassUid).toBe(ENHANCED_SR);
    const with3d = writeMeasurementReport(request({ annotations: { studyInstanceUid: STUDY, measurements, volumeMeasurements: volume } }));
    expect(with3d.sopClassUid).toBe(COMPREHENSIVE_3D_SR);
    expect(parse(with3d.bytes)['00080016']?.Value).toEqual([COMPREHENSIVE_3D_SR]);
  });

  it('reads back as ours, and every 2D measurement comes back as stored (to float precision)', () => {
    const report = readMeasurementReport(parse(writeMeasurementReport(request()).bytes));
    expect(report.isOurs).toBe(true);
    expect(report.groups.map((g) => g.lightbox?.id)).toEqual(measurements.map((m) => m.id));
    const back = recoverOwnMeasurements(report, [ct, mr]);
    expect(back.unreadable).toEqual([]);
    expect(back.measurements.map((m) => ({ ...m, points: [] }))).toEqual(measurements.map((m) => ({ ...m, points: [] })));
    back.measurements.forEach((m, i) => {
      const want = measurements[i]!.points;
      expect(m.points.length).toBe(want.length);
      m.points.forEach((p, k) => {
        expect(p[0]).toBeCloseTo(want[k]![0], 4);
        expect(p[1]).toBeCloseTo(want[k]![1], 4);
      });
    });
  });

  it('a group is ours only when its Tracking UID is the one derived from its identifier', () => {
    const ds = parse(writeMeasurementReport(request()).bytes);
    // Another study's reader derives other UIDs: the same text identifiers no longer claim the groups.
    ds['0020000D'] = { vr: 'UI', Value: ['1.2.3.4'] };
    expect(readMeasurementReport(ds).groups.every((g) => g.lightbox === undefined)).toBe(true);
  });

  it('leaves out what it cannot place, says why, and refuses an empty report', () => {
    const stray: StoredMeasurement = { id: 'stray', kind: 'length', seriesInstanceUid: '9', sopInstanceUid: '9.9', frame: 1, points: [[0, 0], [1, 1]] };
    const short: StoredMeasurement = { id: 'short', kind: 'angle', ...on(ct), points: [[0, 0], [1, 1]] };
    const r = writeMeasurementReport(request({ annotations: { studyInstanceUid: STUDY, measurements: [measurements[0]!, stray, short] } }));
    expect(r.written).toEqual(['len']);
    expect(r.skipped.map((s) => s.id)).toEqual(['stray', 'short']);
    expect(() => writeMeasurementReport(request({ annotations: { studyInstanceUid: STUDY, measurements: [stray] } }))).toThrow(/nothing to report/);
    expect(() => writeMeasurementReport(request({ document: { ...request().document, contentDate: '2024-03-01' } }))).toThrow(/DA/);
  });

  it('names the character set only when a value needs it', () => {
    expect(parse(writeMeasurementReport(request()).bytes)['00080005']).toBeUndefined();
    const utf8 = parse(writeMeasurementReport(request({ readerName: 'Müller^Jörg' })).bytes);
    expect(utf8['00080005']?.Value).toEqual(['ISO_IR 192']);
  });
});

describe('measurementReportIdentity', () => {
  it('keeps one series per study and one instance per saved version', () => {
    const at = new Date(2024, 2, 1, 9, 8, 7);
    const v3 = measurementReportIdentity(STUDY, 3, at);
    expect(measurementReportIdentity(STUDY, 3, new Date(2025, 0, 1))).toMatchObject({ seriesInstanceUid: v3.seriesInstanceUid, sopInstanceUid: v3.sopInstanceUid });
    const v4 = measurementReportIdentity(STUDY, 4, at);
    expect(v4.seriesInstanceUid).toBe(v3.seriesInstanceUid);
    expect(v4.sopInstanceUid).not.toBe(v3.sopInstanceUid);
    expect(measurementReportIdentity('1.2.3', 3, at).seriesInstanceUid).not.toBe(v3.seriesInstanceUid);
    expect([v3.contentDate, v3.contentTime]).toEqual(['20240301', '090807']);
    expect(() => writeMeasurementReport(request({ document: v3 }))).not.toThrow();
  });
});
