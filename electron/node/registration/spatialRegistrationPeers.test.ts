import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { adjustmentMatrix, applyToPoint, type Matrix4 } from '../../common/registration/affineMatrix';
import { readSpatialRegistration, registrationBetween, type SpatialRegistration } from '../../common/registration/readSpatialRegistration';
import { writeSpatialRegistration } from '../../common/registration/writeSpatialRegistration';
import { dumpText, type DumpElement } from '../../../testing/common/dump2dcmText';
import { dciodvfy } from '../../../testing/node/presentationStateReference';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';

/**
 * Spatial Registration objects against dicom3tools and dcmtk: ours pass dciodvfy with no error
 * and dcmdump reads them; one written by hand from PS3.3 C.20.2 and built by dump2dcm reads to
 * the transform its matrices define (checked on points, not against our own output).
 */

const tools = ['dciodvfy', 'dcmdump', 'dump2dcm'].every((t) => existsSync(`/usr/bin/${t}`));
const ACRIN = 'series/acrin-nsclc-fdg-pet-042';
const first = (dir: string): DicomJsonDataset => {
  const name = readdirSync(samplePath(`${ACRIN}/${dir}`)).sort()[0]!;
  return parseDicom(new Uint8Array(readFileSync(samplePath(`${ACRIN}/${dir}/${name}`))), { source: name }).dataset;
};
const MOVED_FOR = '2.25.111122223333444455556666777788889999';
const work = mkdtempSync(path.join(tmpdir(), 'lightbox-reg-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const item = (frameOfReference: string, matrix: string): DumpElement[] => [
  ['0020,0052', 'UI', frameOfReference],
  ['0070,0309', [[['0070,030a', [[['0070,030c', 'CS', 'RIGID'], ['3006,00c6', 'DS', matrix]]]]]]],
];

describe.skipIf(missingHere(sharedSamplesAvailable() && tools, 'the shared DICOM samples, dciodvfy, dcmdump and dump2dcm'))('Spatial Registration objects and their peers', () => {
  const ct = first('CT');
  const pet = { ...first('PT_AC'), '00200052': { vr: 'UI', Value: [MOVED_FOR] } };
  const uid = (ds: DicomJsonDataset, tag: string) => String(ds[tag]?.Value?.[0]);

  it('writes an SRO that dciodvfy accepts with no error and dcmdump reads', async () => {
    const matrix = adjustmentMatrix({ translate: [10, -20, 35.5], rotateDegrees: [0, 0, 3] }, [0, 0, -500]);
    const bytes = writeSpatialRegistration({
      fixed: ct,
      moving: pet,
      matrix,
      instances: [ct, pet].map((ds) => ({ seriesInstanceUid: uid(ds, '0020000E'), sopClassUid: uid(ds, '00080016'), sopInstanceUid: uid(ds, '00080018') })),
      sopInstanceUid: '2.25.3141592653589793',
      seriesInstanceUid: '2.25.2718281828459045',
      seriesNumber: 9904,
      instanceNumber: 1,
      contentLabel: 'LIGHTBOX',
      contentDescription: 'Aligned by hand',
      creatorName: 'Reader^Test',
      date: '20261203',
      time: '170000',
      softwareVersion: '0.1.0',
    });
    const file = path.join(work, 'ours.dcm');
    writeFileSync(file, bytes);
    const verdict = await dciodvfy(file);
    if (verdict.warnings.length) console.log(`dciodvfy warnings on our SRO:\n${verdict.warnings.join('\n')}`);
    expect(verdict.errors).toEqual([]);
    const dump = (await runTool('dcmdump', ['+L', '+P', '3006,00c6', '+P', '0070,030c', '+P', '0008,0016', file])).toString();
    expect(dump).toMatch(/\(0008,0016\) UI =SpatialRegistrationStorage/);
    // dcmdump's values of the moving item's matrix are the ones we meant.
    const matrices = [...dump.matchAll(/\(3006,00c6\) DS \[([^\]]+)\]/g)].map((m) => m[1]!.split('\\').map(Number));
    expect(matrices).toHaveLength(2);
    matrices[1]!.forEach((x, i) => expect(x).toBeCloseTo(matrix[i]!, 9));
    expect(dump.match(/RIGID/g)).toHaveLength(2);
  });

  it('reads an SRO that dump2dcm built from a hand-written dump to the transform its matrices define', async () => {
    // Both items map into a third space: CT by a translation, the PET by a 90° turn about z plus a shift.
    const ctMatrix = '1\\0\\0\\5\\0\\1\\0\\-7\\0\\0\\1\\100\\0\\0\\0\\1';
    const petMatrix = '0\\-1\\0\\20\\1\\0\\0\\0\\0\\0\\1\\-30\\0\\0\\0\\1';
    const dump = dumpText([
      ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.66.1'],
      ['0008,0018', 'UI', '2.25.5550001'],
      ['0008,0060', 'CS', 'REG'],
      ['0010,0010', 'PN', 'ACRIN-NSCLC-FDG-PET-042'],
      ['0020,000d', 'UI', uid(ct, '0020000D')],
      ['0020,000e', 'UI', '2.25.5550002'],
      ['0020,0052', 'UI', '2.25.5550003'],
      ['0070,0080', 'CS', 'HANDMADE'],
      ['0070,0308', [item(uid(ct, '00200052'), ctMatrix), item(MOVED_FOR, petMatrix)]],
    ]);
    writeFileSync(path.join(work, 'theirs.txt'), dump);
    const file = path.join(work, 'theirs.dcm');
    await runTool('dump2dcm', ['+te', path.join(work, 'theirs.txt'), file]);
    const read = readSpatialRegistration(parseDicom(new Uint8Array(readFileSync(file)), { source: file }).dataset);
    expect(read).toMatchObject({ ok: true });
    const found = registrationBetween([(read as { registration: SpatialRegistration }).registration], uid(ct, '00200052'), MOVED_FOR);
    expect(found).toMatchObject({ ok: true });
    const m = (found as { found: { matrix: Matrix4 } }).found.matrix;
    // A CT point p lands at p + (5, −7, 100) in the shared space; the PET point q with
    // Rz90·q + (20, 0, −30) = that, i.e. q = Rz90⁻¹·(p + (5, −7, 100) − (20, 0, −30)).
    for (const p of [[0, 0, 0], [12, -40, -600], [-150.5, 80, -900]] as Array<[number, number, number]>) {
      const shared: [number, number, number] = [p[0] + 5 - 20, p[1] - 7 - 0, p[2] + 100 + 30];
      const expected = [shared[1], -shared[0], shared[2]]; // Rz(−90°)
      applyToPoint(m, p).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 9));
    }
  });
});
