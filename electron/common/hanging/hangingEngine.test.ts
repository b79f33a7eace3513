import { describe, expect, it } from 'vitest';
import { hangStudy, type HangingResult } from './hangingEngine';
import { shippedProtocols } from './shippedProtocols';
import type { SeriesFacts, StudyFacts } from './studyFacts';

// Golden tests on hand-made studies: study facts in, the chosen protocol, priors and viewport
// assignment out — for the modalities the shared samples lack (the synthetic and real studies are
// in electron/node/hanging/goldenHanging.test.ts).

const protocols = shippedProtocols();

/** Per stage and display: `displaySet=series description` for each viewport. */
function assignment(result: HangingResult): string[][][] {
  return result.stages.map((s) => s.displays.map((d) => d.viewports.map((v) => `${v.displaySet}=${v.seriesDescription ?? '(empty)'}`)));
}

let n = 0;
function series(partial: Partial<SeriesFacts>): SeriesFacts {
  n++;
  return { seriesInstanceUid: `1.2.${n}`, seriesNumber: n, modality: 'CT', seriesDescription: '', bodyPart: '', contrast: false, kernel: '', imageType: ['ORIGINAL', 'PRIMARY'], frames: 1, instances: 100, viewPosition: '', laterality: '', ...partial };
}
function study(partial: Partial<StudyFacts> & { series: SeriesFacts[] }): StudyFacts {
  n++;
  return { studyInstanceUid: `1.3.${n}`, patientId: 'P1', studyDate: '20260301', studyDescription: '', modalities: [...new Set(partial.series.map((s) => s.modality))], bodyPart: '', institution: '', numberOfImages: 0, ...partial };
}

describe('shipped protocols on hand-made studies', () => {
  it('mammography: four views on two displays, left views mirrored; the prior pairs in stage 2', () => {
    const views = (date: string) =>
      study({ studyDate: date, series: (['R', 'L'] as const).flatMap((lat) => ['CC', 'MLO'].map((view) => series({ modality: 'MG', seriesDescription: `${lat} ${view}`, laterality: lat, viewPosition: view, instances: 1 }))) });
    const current = views('20260301');
    const prior = views('20250215');
    const result = hangStudy(protocols, { current, candidates: [prior], displays: 2 });
    expect(result.protocol.id).toBe('mammography');
    expect(assignment(result)).toEqual([
      [['rcc=R CC', 'lcc=L CC'], ['rmlo=R MLO', 'lmlo=L MLO']],
      [
        ['rcc=R CC', 'lcc=L CC', 'prior-rcc=R CC', 'prior-lcc=L CC'],
        ['rmlo=R MLO', 'lmlo=L MLO', 'prior-rmlo=R MLO', 'prior-lmlo=L MLO'],
      ],
    ]);
    expect(result.stages[0]!.displays[0]!.viewports.map((v) => v.flipHorizontal ?? false)).toEqual([false, true]);
    expect(result.stages[1]!.displays[0]!.viewports[2]!.studyInstanceUid).toBe(prior.studyInstanceUid);
  });

  it('PET/CT: CT | PET alone in inverted grey | CT fused with the PET in hot iron | MIP, the AC PET chosen by its header', () => {
    const pet = (description: string, ac: boolean) => series({ modality: 'PT', seriesDescription: description, units: ac ? 'BQML' : 'PROPCNTS', attenuationCorrected: ac });
    const current = study({ studyDescription: 'PET CT WB', series: [series({ modality: 'CT', seriesDescription: 'CT AC 3mm', orientation: 'axial' }), pet('PET NAC', false), pet('PET AC', true)] });
    const result = hangStudy(protocols, { current, candidates: [], displays: 1 });
    expect(result.protocol.id).toBe('pet-ct');
    const viewports = result.stages[0]!.displays[0]!.viewports;
    expect(assignment(result)[0]![0]).toEqual(['ct=CT AC 3mm', 'pet=PET AC', 'ct=CT AC 3mm', 'pet=PET AC']);
    expect(viewports.map((v) => v.type)).toEqual(['stack', 'stack', 'stack', 'mip']);
    expect(viewports[0]).toMatchObject({ windowPreset: 'mediastinum', sync: ['position'] });
    expect(viewports[0]!.fusion).toBeUndefined();
    const petSeries = current.series[2]!;
    expect(viewports[1]!.fusion).toEqual({ displaySet: 'pet', alone: true, window: [0, 5], studyInstanceUid: current.studyInstanceUid, seriesInstanceUid: petSeries.seriesInstanceUid, seriesDescription: 'PET AC' });
    expect(viewports[2]!.fusion).toMatchObject({ colorMap: 'hotIron', opacity: 0.5, seriesInstanceUid: petSeries.seriesInstanceUid });
    // No prior: the prior's layout is not stacked below (nothing to show).
    expect(result.stages[0]!.displays[0]!.layout).toEqual({ kind: 'grid', rows: 1, columns: 4 });
  });

  it('PET/CT: AC over NAC by Corrected Image and Units when the descriptions are swapped or blank; a NAC alone still hangs', () => {
    for (const [acName, nacName] of [
      ['PET NAC', 'PET AC'],
      ['', ''],
    ]) {
      const ac = series({ modality: 'PT', seriesDescription: acName, units: 'BQML', attenuationCorrected: true });
      const nac = series({ modality: 'PT', seriesDescription: nacName, units: 'PROPCNTS', attenuationCorrected: false, seriesNumber: 0 });
      const current = study({ series: [series({ modality: 'CT', orientation: 'axial' }), nac, ac] });
      const result = hangStudy(protocols, { current, candidates: [], displays: 1 });
      expect(result.stages[0]!.displays[0]!.viewports[1]!.seriesInstanceUid).toBe(ac.seriesInstanceUid);
      expect(result.stages[0]!.displays[0]!.viewports[2]!.fusion!.seriesInstanceUid).toBe(ac.seriesInstanceUid);
    }
    const nacOnly = study({ series: [series({ modality: 'CT', orientation: 'axial' }), series({ modality: 'PT', seriesDescription: 'PET NAC', units: 'PROPCNTS', attenuationCorrected: false })] });
    expect(hangStudy(protocols, { current: nacOnly, candidates: [], displays: 1 }).protocol.id).toBe('pet-ct');
  });

  it('PET/CT with a prior PET/CT: the prior row on display 2 (below the current on one display), fused with its own PET', () => {
    const petct = (date: string) =>
      study({ studyDate: date, series: [series({ modality: 'CT', seriesDescription: 'CT', orientation: 'axial' }), series({ modality: 'PT', seriesDescription: 'PET AC', units: 'BQML', attenuationCorrected: true })] });
    const current = petct('20260301');
    const prior = petct('20250901');
    const two = hangStudy(protocols, { current, candidates: [prior], displays: 2 });
    expect(two.priors.map((p) => p.studyInstanceUid)).toEqual([prior.studyInstanceUid]);
    const priorRow = two.stages[0]!.displays[1]!.viewports;
    expect(priorRow.map((v) => v.studyInstanceUid)).toEqual(Array(4).fill(prior.studyInstanceUid));
    expect(priorRow[2]!.fusion).toMatchObject({ studyInstanceUid: prior.studyInstanceUid, seriesInstanceUid: prior.series[1]!.seriesInstanceUid, colorMap: 'hotIron' });
    const one = hangStudy(protocols, { current, candidates: [prior], displays: 1 });
    expect(one.stages[0]!.displays[0]!.layout).toEqual({ kind: 'grid', rows: 2, columns: 4 });
    expect(one.stages[0]!.displays[0]!.viewports[6]!.fusion!.studyInstanceUid).toBe(prior.studyInstanceUid);
  });

  it('chest X-ray: PA and lateral by view position, the last PA from the prior', () => {
    const cr = (date: string) => study({ studyDate: date, studyDescription: 'XR CHEST 2 VIEWS', modalities: ['CR'], series: [series({ modality: 'CR', seriesDescription: 'LAT', viewPosition: 'LL' }), series({ modality: 'CR', seriesDescription: 'PA', viewPosition: 'PA' })] });
    const current = cr('20260301');
    const result = hangStudy(protocols, { current, candidates: [cr('20251003')], displays: 2 });
    expect(result.protocol.id).toBe('cr-chest');
    expect(assignment(result)[0]).toEqual([['pa=PA', 'lat=LAT'], ['prior-pa=PA']]);
  });

  it('CTA: the thin contrast axial in three MPR planes and 3D, a MIP on display 2', () => {
    const current = study({ studyDescription: 'CTA AORTA', series: [series({ seriesDescription: 'Arterial 0.75', orientation: 'axial', sliceThickness: 0.75, contrast: true }), series({ seriesDescription: 'Non contrast 5mm', orientation: 'axial', sliceThickness: 5 })] });
    const result = hangStudy(protocols, { current, candidates: [], displays: 2 });
    expect(result.protocol.id).toBe('cta');
    expect(result.stages[0]!.displays.flatMap((d) => d.viewports.map((v) => `${v.type}:${v.seriesDescription}`))).toEqual(['mpr-axial:Arterial 0.75', 'mpr-sagittal:Arterial 0.75', 'mpr-coronal:Arterial 0.75', '3d:Arterial 0.75', 'mip:Arterial 0.75']);
  });

  it('CT head, MR spine and CT abdomen are told apart by description, body part and series', () => {
    const head = study({ studyDescription: 'CT HEAD W/O', series: [series({ seriesDescription: 'Brain 5mm', orientation: 'axial', kernel: 'H40s' }), series({ seriesDescription: 'Bone 1mm', orientation: 'axial', kernel: 'H70h' })] });
    expect(hangStudy(protocols, { current: head, candidates: [], displays: 1 }).stages[0]!.displays[0]!.viewports.map((v) => v.seriesDescription)).toEqual(['Brain 5mm', 'Bone 1mm']);
    const spine = study({ studyDescription: 'MRI L-SPINE', series: [series({ modality: 'MR', seriesDescription: 'SAG T1', orientation: 'sagittal' }), series({ modality: 'MR', seriesDescription: 'SAG T2', orientation: 'sagittal' }), series({ modality: 'MR', seriesDescription: 'AX T2', orientation: 'axial' })] });
    const spineResult = hangStudy(protocols, { current: spine, candidates: [], displays: 1 });
    expect(spineResult.protocol.id).toBe('mr-spine');
    expect(assignment(spineResult)[0]![0]).toEqual(['sag-t2=SAG T2', 'sag-t1=SAG T1', 'axial=AX T2']);
    const abdomen = study({ studyDescription: 'CT ABDOMEN PELVIS W CONTRAST', series: [series({ seriesDescription: 'Portal venous', orientation: 'axial', contrast: true, sliceThickness: 3 }), series({ seriesDescription: 'Cor', orientation: 'coronal' })] });
    expect(hangStudy(protocols, { current: abdomen, candidates: [], displays: 1 }).protocol.id).toBe('ct-abdomen-pelvis');
  });

  it('"a CT" alone (no description, no body part) is not a CT chest: the default grid, and the explanation says so', () => {
    const ct = study({ series: [series({ seriesDescription: 'Axial', orientation: 'axial' })] });
    const result = hangStudy(protocols, { current: ct, candidates: [], displays: 1 });
    expect(result.protocol.id).toBe('default');
    expect(result.scores.find((s) => s.protocolId === 'ct-chest')).toMatchObject({ score: 2, applicable: false, checked: false });
  });

  it('a study no protocol is for (ultrasound) falls back to the default grid of its series', () => {
    const us = study({ studyDescription: 'US ABDOMEN', series: [1, 2, 3].map((k) => series({ modality: 'US', seriesDescription: `clip ${k}` })) });
    const result = hangStudy(protocols, { current: us, candidates: [], displays: 1 });
    expect(result.protocol.id).toBe('default');
    expect(assignment(result)[0]![0]).toEqual(['series-1=clip 1', 'series-2=clip 2', 'series-3=clip 3', 'series-4=(empty)']);
    expect(result.scores.find((s) => s.protocolId === 'ct-abdomen-pelvis')!.rules[0]).toEqual({ rule: 'modality equals CT', passed: false, weight: 2, required: true });
  });
});

describe('prior selection', () => {
  it('among priors of other modalities, body parts, dates and patients, picks the same-region CT; the explanation says why', () => {
    const ct = (date: string, description: string, bodyPart: string, patientId = 'P1') => study({ studyDate: date, studyDescription: description, bodyPart, patientId, series: [series({ seriesDescription: 'Axial soft', orientation: 'axial' })] });
    const current = ct('20260301', 'CT CHEST W CONTRAST', 'CHEST');
    const candidates = [
      ct('20250301', 'CT CHEST', 'CHEST'),
      ct('20251101', 'CT HEAD', 'HEAD'),
      ct('20190301', 'CT CHEST', 'CHEST'),
      ct('20260201', 'CT CHEST', 'CHEST', 'P2'),
      ct('20260401', 'CT CHEST', 'CHEST'),
      study({ studyDate: '20260210', studyDescription: 'XR CHEST', bodyPart: 'CHEST', series: [series({ modality: 'CR', viewPosition: 'PA' })] }),
    ];
    const result = hangStudy(protocols, { current, candidates, displays: 2 });
    expect(result.priors).toEqual([{ studyInstanceUid: candidates[0]!.studyInstanceUid, studyDate: '20250301', reasons: ['modality CT', 'body part CHEST', 'description shares "chest"', '365 days before'] }]);
  });
});
