import { describe, expect, it } from 'vitest';
import type { RemoteStudy } from '../../common/contract/hostContract';
import { selectPriors } from './priorSelection';

const study = (uid: string, date: string, modalities: string[], description: string, patientId = 'P1'): RemoteStudy => ({
  studyInstanceUid: uid,
  patientName: 'DOE^JANE',
  patientId,
  accessionNumber: '',
  studyDate: date,
  studyDescription: description,
  modalities,
  cachedInstances: 0,
});

describe('prior selection', () => {
  const current = study('cur', '20260301', ['CT'], 'CT CHEST WITH CONTRAST');
  const candidates = [
    current,
    study('ct-chest-2025', '20250301', ['CT'], 'CT CHEST'),
    study('ct-chest-2023', '20230115', ['CT'], 'CT CHEST LOW DOSE'),
    study('ct-head-2025', '20251001', ['CT'], 'CT HEAD'),
    study('cr-chest-2026', '20260201', ['CR'], 'CHEST PA LAT'),
    study('ct-chest-2015', '20150301', ['CT'], 'CT CHEST'),
    study('later', '20260401', ['CT'], 'CT CHEST'),
    study('other-patient', '20250301', ['CT'], 'CT CHEST', 'P2'),
  ];

  it('prefers same modality and body part, then recency; never later studies, other patients or the too old', () => {
    const chosen = selectPriors(current, candidates, { maxPriors: 3, maxAgeYears: 5, sameModality: true });
    expect(chosen.map((p) => p.study.studyInstanceUid)).toEqual(['ct-chest-2025', 'ct-chest-2023', 'ct-head-2025']);
    expect(chosen[0]!.reasons).toEqual(['modality CT', 'description shares "chest"', '365 days before']);
  });

  it('without the modality rule other modalities are candidates too, after those sharing one', () => {
    const chosen = selectPriors(current, candidates, { maxPriors: 4, maxAgeYears: 5, sameModality: false });
    expect(chosen.map((p) => p.study.studyInstanceUid)).toEqual(['ct-chest-2025', 'ct-chest-2023', 'ct-head-2025', 'cr-chest-2026']);
  });
});
