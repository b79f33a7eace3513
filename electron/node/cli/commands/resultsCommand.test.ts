import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDicomFiles } from '../../../../testing/node/listDicomFiles';
import { missingHere } from '../../../../testing/node/requiredInCi';
import { runTool } from '../../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { textSink } from '../../../../testing/node/textSink';
import { runCli } from '../main';
import type { StudyResults } from '../../../common/contract/hostContract';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = textSink();
  const err = textSink();
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text(), stderr: err.text() };
}

// The result classes as the test knows them (PS3.4 B.5), independently of the product's table.
const EXPECTED_KIND: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.66.4': 'seg',
  '1.2.840.10008.5.1.4.1.1.66.7': 'seg',
  '1.2.840.10008.5.1.4.1.1.88.33': 'sr',
  '1.2.840.10008.5.1.4.1.1.88.34': 'sr',
  '1.2.840.10008.5.1.4.1.1.481.3': 'rtstruct',
  '1.2.840.10008.5.1.4.1.1.67': 'rwvm',
};

interface FileFacts {
  study: string;
  sop: string;
  sopClass: string;
  manufacturer: string;
  segments: number;
  structures: number;
}

/** What dcmdump reads of a file: UIDs, manufacturer, and how many segments / ROIs it defines. */
async function facts(file: string): Promise<FileFacts> {
  const text = (await runTool('dcmdump', ['-q', '-Un', file], { maxBuffer: 256 << 20 })).toString();
  const top = (tag: string) => new RegExp(`^\\(${tag}\\) \\S\\S \\[([^\\]]*)\\]`, 'm').exec(text)?.[1] ?? '';
  const count = (tag: string) => text.split('\n').filter((l) => l.trimStart().startsWith(`(${tag})`)).length;
  return { study: top('0020,000d'), sop: top('0008,0018'), sopClass: top('0008,0016'), manufacturer: top('0008,0070'), segments: count('0062,0004'), structures: count('3006,0022') };
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('lightbox results ls', () => {
  let dir: string;
  let files: FileFacts[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-results-'));
    const sources = [samplePath('seg-sr'), ...['SEG_on_CT_2segments', 'SEG_on_PT_AC_1segment', 'SEG_on_PT_AC_2segments'].map((s) => samplePath(`series/acrin-nsclc-fdg-pet-042/${s}`))];
    const imported = await cli(['--data-dir', dir, 'import', ...sources]);
    expect(imported.code, imported.stderr).toBe(0);
    files = await Promise.all((await Promise.all(sources.map(listDicomFiles))).flat().map(facts));
  }, 180_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists every SEG, SR, RTSTRUCT and RWVM of each study with its producer and contents, and no image', async () => {
    const studies = [...new Set(files.map((f) => f.study))];
    let listed = 0;
    for (const study of studies) {
      const { code, stdout } = await cli(['--data-dir', dir, 'results', 'ls', study, '--json']);
      expect(code).toBe(0);
      const { results, aiRequests } = JSON.parse(stdout) as StudyResults;
      expect(aiRequests).toEqual([]);
      const expected = files.filter((f) => f.study === study && f.sopClass in EXPECTED_KIND);
      // dcmqi's two sparse label maps share one SOP Instance UID: the cache keeps one instance.
      expect(results.map((r) => r.sopInstanceUid).sort()).toEqual([...new Set(expected.map((f) => f.sop))].sort());
      for (const f of expected.filter((e) => expected.filter((x) => x.sop === e.sop).length === 1)) {
        const r = results.find((x) => x.sopInstanceUid === f.sop)!;
        expect(r.kind).toBe(EXPECTED_KIND[f.sopClass]);
        expect(r.producer.manufacturer).toBe(f.manufacturer);
        if (r.kind === 'seg') expect(r.summary).toBe(`${f.segments} segment${f.segments === 1 ? '' : 's'}`);
        if (r.kind === 'rtstruct') expect(r.summary).toBe(`${f.structures} structure${f.structures === 1 ? '' : 's'}`);
        expect(r.ours).toBe(false);
      }
      listed += results.length;
    }
    expect(listed).toBe(new Set(files.filter((f) => f.sopClass in EXPECTED_KIND).map((f) => f.sop)).size);
    expect(listed).toBeGreaterThanOrEqual(18);
  }, 120_000);

  it('prints a readable list, and names a study that is not cached', async () => {
    const seg = files.find((f) => f.sopClass === '1.2.840.10008.5.1.4.1.1.66.4' && f.segments > 1)!;
    const { code, stdout } = await cli(['--data-dir', dir, 'results', 'ls', seg.study]);
    expect(code).toBe(0);
    expect(stdout).toContain('segmentation (SEG)');
    expect(stdout).toContain(seg.sop);
    const missing = await cli(['--data-dir', dir, 'results', 'ls', '1.2.3.4.5']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('study 1.2.3.4.5 is not in the local cache');
  });
});
