import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { hangStudy } from '../../common/hanging/hangingEngine';
import { shippedProtocols } from '../../common/hanging/shippedProtocols';
import { studyFactsFromInstances } from '../../common/hanging/studyFacts';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';

// The PET/CT protocol on the real ACRIN FDG PET/CT (CT, scout, PT_AC, PT_NAC, SEGs): the AC PET is
// chosen by its header — its Corrected Image lists ATTN and its Units are BQML, where the NAC's are
// PROPCNTS (the NAC lists ATTN too) — also when the descriptions say the opposite or nothing.

const ACRIN = 'series/acrin-nsclc-fdg-pet-042';

/** Series Instance UID of a folder's first file, as dcmtk reads it (not our parser). */
async function seriesUidByDcmtk(folder: string): Promise<string> {
  const [file] = await listDicomFiles(samplePath(`${ACRIN}/${folder}`));
  const out = (await runTool('dcmdump', ['+P', '0020,000e', file!])).toString();
  return /\[([\d.]+)\]/.exec(out)![1]!;
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('PET/CT protocol on the ACRIN FDG PET/CT', () => {
  let headers: DicomJsonDataset[];
  let uids: Record<'CT' | 'PT_AC' | 'PT_NAC', string>;
  beforeAll(async () => {
    const files = await listDicomFiles(samplePath(ACRIN));
    headers = files.map((file) => parseDicom(new Uint8Array(readFileSync(file)), { source: file, inflateRaw: (b) => inflateRawSync(b) }).dataset);
    uids = { CT: await seriesUidByDcmtk('CT'), PT_AC: await seriesUidByDcmtk('PT_AC'), PT_NAC: await seriesUidByDcmtk('PT_NAC') };
  }, 120_000);

  /** The study hung by the shipped protocols, each PET header's description rewritten first. */
  function hang(describePet: (description: string) => string) {
    const edited = headers.map((ds) => (ds['00080060']?.Value?.[0] === 'PT' ? { ...ds, '0008103E': { vr: 'LO', Value: [describePet(String(ds['0008103E']?.Value?.[0] ?? ''))] } } : ds));
    const [current] = studyFactsFromInstances(edited);
    return hangStudy(shippedProtocols(), { current: current!, candidates: [], displays: 1 });
  }

  it('hangs CT (mediastinum) | PT_AC alone in inverted grey | CT fused with PT_AC in hot iron | PT_AC MIP, not the scout or the NAC', () => {
    const result = hang((d) => d);
    expect(result.protocol.id).toBe('pet-ct');
    const viewports = result.stages[0]!.displays[0]!.viewports;
    expect(viewports.map((v) => [v.type, v.seriesInstanceUid])).toEqual([
      ['stack', uids.CT],
      ['stack', uids.PT_AC],
      ['stack', uids.CT],
      ['mip', uids.PT_AC],
    ]);
    expect(viewports[0]!.windowPreset).toBe('mediastinum');
    expect(viewports[1]!.fusion).toMatchObject({ seriesInstanceUid: uids.PT_AC, alone: true });
    expect(viewports[2]!.fusion).toMatchObject({ seriesInstanceUid: uids.PT_AC, colorMap: 'hotIron', opacity: 0.5 });
    expect(viewports[0]!.fusion).toBeUndefined();
    expect(viewports[1]!.why).toMatch(/attenuationCorrected present/);
  });

  it('chooses PT_AC by its header when the descriptions are swapped or blank', () => {
    const swapped = hang((d) => (d === 'PET AC' ? 'PET NAC' : d === 'PET NAC' ? 'PET AC' : d));
    const blank = hang(() => '');
    for (const result of [swapped, blank]) {
      const viewports = result.stages[0]!.displays[0]!.viewports;
      expect(viewports[1]!.seriesInstanceUid).toBe(uids.PT_AC);
      expect(viewports[2]!.fusion!.seriesInstanceUid).toBe(uids.PT_AC);
      expect(viewports[3]!.seriesInstanceUid).toBe(uids.PT_AC);
    }
    expect(swapped.stages[0]!.displays[0]!.viewports[1]!.seriesDescription).toBe('PET NAC');
  });
});
