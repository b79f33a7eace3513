import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDicom } from '../../../electron/common/dicom/parse/parseDicom';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { declaredSopInstanceUid, stowOutcomes } from '../../common/import/stowOutcomes';

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('STOW-RS outcomes per file', () => {
  const ct = new Uint8Array(readFileSync(samplePath('pixel-formats/CT_small.dcm')));
  const mr = new Uint8Array(readFileSync(samplePath('pixel-formats/emri_small.dcm')));
  const uidOf = (bytes: Uint8Array): string => String(parseDicom(bytes, { source: 'x', headerOnly: true }).dataset['00080018']!.Value![0]);

  it("reads the SOP Instance UID a file's meta header declares, as the parser reads it from the data set", () => {
    expect(declaredSopInstanceUid(ct)).toEqual({ uid: uidOf(ct) });
    expect(declaredSopInstanceUid(new TextEncoder().encode('# README\nnot an image'))).toEqual({ reason: expect.stringMatching(/not a DICOM file/) });
  });

  it('names each file with its outcome: stored, stored with damage, refused with the reason, not DICOM', () => {
    const readme = new TextEncoder().encode('Patient CD — open DICOMDIR');
    const response = {
      '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [uidOf(ct)] }, '00081196': { vr: 'US', Value: [0xb007] } }] },
      '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [uidOf(mr)] }, '00081197': { vr: 'US', Value: [0xa700] } }, { '00081197': { vr: 'US', Value: [0xc000] } }] },
    } as never;
    expect(
      stowOutcomes(
        [
          { name: 'ct.dcm', bytes: ct },
          { name: 'mr.dcm', bytes: mr },
          { name: 'README.TXT', bytes: readme },
        ],
        response,
      ),
    ).toEqual([
      { file: 'ct.dcm', stored: true, warning: expect.stringMatching(/damaged/) },
      { file: 'mr.dcm', stored: false, reason: "refused: the workstation's disk is full" },
      { file: 'README.TXT', stored: false, reason: expect.stringMatching(/not a DICOM file/) },
    ]);
  });

  it('gives a file without a meta header (a bare data set the host read) the stored instance no other file claims', () => {
    const bare = ct.subarray(132 + 12 + new DataView(ct.buffer, ct.byteOffset).getUint32(140, true)); // the data set alone
    const response = { '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [uidOf(mr)] } }, { '00081155': { vr: 'UI', Value: [uidOf(ct)] } }] } } as never;
    expect(stowOutcomes([{ name: 'mr.dcm', bytes: mr }, { name: 'bare', bytes: bare }], response)).toEqual([
      { file: 'mr.dcm', stored: true },
      { file: 'bare', stored: true },
    ]);
  });
});
