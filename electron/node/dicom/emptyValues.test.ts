import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicomFile } from '../../common/dicom/write/dicomWriter';
import { runTool } from '../../../testing/node/runTool';
import { readDicomFile } from './readDicomFile';

// PS3.18 F.2.5: an attribute with Value Length 0 has no "Value"; a multi-valued attribute's empty
// values are `null` elements. A value field of delimiters only (`\\\ `) therefore has four null
// values, not none: dcmdump counts its multiplicity (VM 4) as we do, while dcmtk 3.6.7's dcm2json
// drops the values (see compareDicomJson.ts, where that one deviation of dcmtk is allowed).
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-empty-values-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('empty values in the DICOM JSON model (PS3.18 F.2.5)', () => {
  it('keeps each empty value of a multi-valued string as null, and gives a zero-length one no Value', async () => {
    const file = path.join(dir, 'empty-values.dcm');
    await writeFile(
      file,
      writeDicomFile(
        [
          { tag: 0x00080008, vr: 'CS', bytes: bytes('\\\\\\ ') }, // ImageType: four empty values
          { tag: 0x00080016, vr: 'UI', strings: ['1.2.840.10008.5.1.4.1.1.7'] },
          { tag: 0x00080018, vr: 'UI', strings: ['1.2.3.4'] },
          { tag: 0x00080060, vr: 'CS', bytes: new Uint8Array(0) }, // Modality: Value Length 0
          { tag: 0x00189005, vr: 'SH', bytes: bytes('A\\\\B ') }, // PulseSequenceName: A, empty, B
        ],
        { sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: '1.2.3.4' },
      ),
    );
    const ours = (await readDicomFile(file, { headerOnly: false })).dataset;
    expect(ours['00080008']).toEqual({ vr: 'CS', Value: [null, null, null, null] });
    expect(ours['00080060']).toEqual({ vr: 'CS' });
    expect(ours['00189005']).toEqual({ vr: 'SH', Value: ['A', null, 'B'] });
    // dcmtk's own reading of the value field: four values.
    const listing = (await runTool('dcmdump', ['+P', '0008,0008', file])).toString();
    expect(listing).toMatch(/CS \[\\\\\\\]\s+#\s+4, 4 ImageType/);
  });
});
