import { describe, expect, it } from 'vitest';
import { qidoStudyRows } from './qidoStudyRows';

describe('QIDO-RS study rows', () => {
  it('maps a study-level result, and tolerates missing attributes', () => {
    const rows = qidoStudyRows([
      {
        '0020000D': { vr: 'UI', Value: ['1.2.3'] },
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
        '00100020': { vr: 'LO', Value: ['P1'] },
        '00080020': { vr: 'DA', Value: ['20240131'] },
        '00080061': { vr: 'CS', Value: ['CT', 'PT'] },
        '00201206': { vr: 'IS', Value: [3] },
        '00201208': { vr: 'IS', Value: [120] },
      },
      { '0020000D': { vr: 'UI', Value: ['1.2.4'] }, '00100010': { vr: 'PN' } },
    ]);
    expect(rows[0]).toMatchObject({ studyInstanceUid: '1.2.3', patientName: 'Doe^Jane', patientId: 'P1', studyDate: '20240131', modalities: ['CT', 'PT'], seriesCount: 3, instanceCount: 120 });
    expect(rows[1]).toMatchObject({ studyInstanceUid: '1.2.4', patientName: '', modalities: [], seriesCount: 0 });
  });
});
