import { readFileSync } from 'node:fs';
import { hangStudy } from '../../electron/common/hanging/hangingEngine';
import type { HangingProtocol, Rule } from '../../electron/common/hanging/protocolTypes';
import { shippedProtocols } from '../../electron/common/hanging/shippedProtocols';
import type { SeriesFacts, StudyFacts } from '../../electron/common/hanging/studyFacts';
import { readDicomFile } from '../../electron/node/dicom/readDicomFile';
import type { Benchmark } from '../harness/benchmarkTypes';
import { sharedChestCt } from '../harness/benchData';
import { interleave, summarize } from '../harness/stats';

/** A study of `seriesCount` series of mixed kinds, as a busy CT/MR day produces. */
function busyStudy(uid: string, date: string, seriesCount: number): StudyFacts {
  const kinds: Partial<SeriesFacts>[] = [
    { modality: 'CT', seriesDescription: 'Axial 1mm Lung', orientation: 'axial', sliceThickness: 1, kernel: 'B70f' },
    { modality: 'CT', seriesDescription: 'Axial 3mm Soft', orientation: 'axial', sliceThickness: 3, kernel: 'B30f', contrast: true },
    { modality: 'CT', seriesDescription: 'Coronal MPR', orientation: 'coronal', imageType: ['DERIVED', 'SECONDARY'] },
    { modality: 'CT', seriesDescription: 'Sagittal MPR', orientation: 'sagittal', imageType: ['DERIVED', 'SECONDARY'] },
    { modality: 'CT', seriesDescription: 'Topogram', imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] },
  ];
  const series = Array.from({ length: seriesCount }, (_, i): SeriesFacts => ({ seriesInstanceUid: `${uid}.${i}`, seriesNumber: i + 1, modality: 'CT', seriesDescription: '', bodyPart: 'CHEST', contrast: false, kernel: '', imageType: ['ORIGINAL', 'PRIMARY'], frames: 1, instances: 300, viewPosition: '', laterality: '', ...kinds[i % kinds.length] }));
  return { studyInstanceUid: uid, patientId: 'P1', studyDate: date, studyDescription: 'CT CHEST W CONTRAST', modalities: ['CT'], bodyPart: 'CHEST', institution: '', numberOfImages: seriesCount * 300, series };
}

/** Hanging a study: score 200 protocols (with 5 priors, 60 series) vs parsing one instance header. */
export const hangingVsHeaderParse: Benchmark = {
  name: 'hanging-200-protocols-vs-one-header',
  description: 'hangStudy with 200 protocols against a study of 60 series with 5 priors (scores, priors, assignment) vs a header-only parse of one CT instance to DICOM JSON',
  async run() {
    const shipped = shippedProtocols();
    // 200 distinct protocols: each shipped one 20 times, every pattern and range made its own (no two rules alike).
    const distinct = (rule: Rule<string>, i: number): Rule<string> =>
      rule.op === 'matches' ? { ...rule, value: `${String(rule.value)}|site${i}` } : rule.op === 'range' ? { ...rule, value: [(rule.value as number[])[0]!, (rule.value as number[])[1]! + i / 1000] } : { ...rule };
    const protocols = Array.from({ length: 200 }, (_, i): HangingProtocol => {
      const base = shipped[i % shipped.length]!;
      return {
        ...base,
        id: `p${i}`,
        isDefault: base.isDefault && i < shipped.length,
        match: base.match.map((r) => distinct(r, i) as typeof r),
        displaySets: base.displaySets.map((d) => ({ ...d, rules: d.rules.map((r) => distinct(r, i) as typeof r) })),
      };
    });
    const current = busyStudy('1.1', '20260301', 60);
    const priors = [1, 2, 3, 4, 5].map((k) => busyStudy(`1.${k + 1}`, `202${6 - k}0301`, 60));
    const file = (await sharedChestCt())[0]!;
    readFileSync(file);
    const hang = async (): Promise<number> => {
      const t0 = performance.now();
      hangStudy(protocols, { current, candidates: priors, displays: 2 });
      return performance.now() - t0;
    };
    const parse = async (): Promise<number> => {
      const t0 = performance.now();
      await readDicomFile(file);
      return performance.now() - t0;
    };
    for (let k = 0; k < 20; k++) {
      await hang();
      await parse();
    }
    const [h, p] = await interleave(50, hang, parse);
    const ours = summarize('hangStudy: 200 protocols, 60 series, 5 priors', 'ms', h);
    const peer = summarize('header-only read + parse of one CT instance (512², implicit VR)', 'ms', p);
    const ratio = Math.round((ours.median / peer.median) * 100) / 100;
    return { ours, peer, ratio, ratioMeaning: 'lower is better: hanging time ÷ one header parse', goal: { ratio: 1, comparison: '<=', met: ratio <= 1 } };
  },
};
