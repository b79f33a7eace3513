import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingHere } from '../../../../testing/node/requiredInCi';
import { runTool } from '../../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { textSink } from '../../../../testing/node/textSink';
import { runCli } from '../main';
import type { SuvReport } from './suvCommand';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [textSink(), textSink()];
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text(), stderr: err.text() };
}

const ACRIN = 'series/acrin-nsclc-fdg-pet-042';

/** `dcmdump +P` values of some attributes, per file, in file order (dcmtk, not our parser). */
async function dcmdumpValues(files: string[], tags: string[]): Promise<Array<Record<string, string>>> {
  const out = (await runTool('dcmdump', ['-q', '+F', ...tags.flatMap((t) => ['+P', t]), ...files])).toString();
  const perFile: Array<Record<string, string>> = [];
  for (const line of out.split('\n')) {
    // With several files, each starts with "# dcmdump (i/n): FILE"; with one, there is no such line.
    if (line.startsWith('# dcmdump') || perFile.length === 0) perFile.push({});
    const m = /^\s*\(([0-9a-f]{4},[0-9a-f]{4})\) \S\S \[?([^\]#]*?)\]?\s+#/.exec(line);
    if (m) perFile[perFile.length - 1]![m[1]!] = m[2]!.trim();
  }
  return perFile;
}

const tmSeconds = (tm: string) => Number(tm.slice(0, 2)) * 3600 + Number(tm.slice(2, 4)) * 60 + Number(tm.slice(4));

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('lightbox suv', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('ACRIN PT_AC: SUVbw, SUVlbm and SUVbsa equal the formulas evaluated on the header values dcmdump reads', async () => {
    const folder = samplePath(`${ACRIN}/PT_AC`);
    const files = (await readdir(folder)).sort().map((f) => path.join(folder, f));
    const { code, stdout } = await cli(['suv', folder, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as SuvReport;

    const [header] = await dcmdumpValues([files[0]!], ['0010,1030', '0010,1020', '0010,0040', '0008,0021', '0008,0031', '0018,1072', '0018,1074', '0018,1075', '0054,1001', '0054,1102']);
    const perFile = await dcmdumpValues(files, ['0008,0018', '0008,0022', '0008,0032', '0028,1053']);
    expect(header!['0054,1001']).toBe('BQML');
    expect(header!['0054,1102']).toBe('START');
    // QIBA: Series Time is the decay reference when no acquisition starts before it (true here).
    expect(perFile.every((f) => f['0008,0022'] === header!['0008,0021'] && tmSeconds(f['0008,0032']!) >= tmSeconds(header!['0008,0031']!))).toBe(true);
    const weight = Number(header!['0010,1030']);
    const heightCm = Number(header!['0010,1020']) * 100;
    expect(header!['0010,0040']).toBe('M');
    const decaySeconds = tmSeconds(header!['0008,0031']!) - tmSeconds(header!['0018,1072']!); // same day: no Start DateTime, no midnight
    const decayedDose = Number(header!['0018,1074']) * 2 ** (-decaySeconds / Number(header!['0018,1075']));
    const expected = {
      bw: (weight * 1000) / decayedDose,
      lbmJames: ((1.1 * weight - 128 * (weight / heightCm) ** 2) * 1000) / decayedDose,
      bsa: (71.84 * weight ** 0.425 * heightCm ** 0.725) / decayedDose,
    };
    for (const [kind, value] of Object.entries(expected)) {
      const k = report.kinds[kind as keyof typeof expected];
      expect(k.available, kind).toBe(true);
      expect(Math.abs((k.available ? k.factor! : NaN) / value - 1), kind).toBeLessThan(1e-9);
    }
    // Per-slice slopes: each frame carries its own file's Rescale Slope, and the report says they differ.
    expect(report.frames).toHaveLength(files.length);
    const slopeBySop = new Map(perFile.map((f) => [f['0008,0018'], Number(f['0028,1053'])]));
    for (const f of report.frames) expect(f.rescaleSlope).toBe(slopeBySop.get(f.sopInstanceUid));
    expect(report.perFrame).toEqual({ rescaleDiffers: true, factorDiffers: false });
  });

  it('ACRIN PT_NAC: refused, every kind naming Units PROPCNTS; exit code 1', async () => {
    const { code, stdout } = await cli(['suv', samplePath(`${ACRIN}/PT_NAC`), '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as SuvReport;
    for (const k of Object.values(report.kinds)) {
      expect(k.available).toBe(false);
      expect(k.available ? [] : k.problems).toEqual([expect.objectContaining({ attribute: 'Units', tag: '(0054,1001)', kind: 'invalid', message: expect.stringMatching(/PROPCNTS/) })]);
    }
    const text = await cli(['suv', samplePath(`${ACRIN}/PT_NAC`)]);
    expect(text.stdout).toMatch(/SUVbw\s+unavailable: Units \(0054,1001\) is PROPCNTS/);
  });

  it('--series reads a cached series from the index and gives the same factors as its files; edits are marked', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-suv-'));
    dirs.push(dataDir);
    const folder = samplePath(`${ACRIN}/PT_AC`);
    expect((await cli(['--data-dir', dataDir, 'import', folder])).code).toBe(0);
    const fromFiles = JSON.parse((await cli(['suv', folder, '--json'])).stdout) as SuvReport;
    const cached = await cli(['--data-dir', dataDir, 'suv', '--series', fromFiles.series.seriesInstanceUid, '--json']);
    expect(cached.code).toBe(0);
    expect((JSON.parse(cached.stdout) as SuvReport).frames).toEqual(fromFiles.frames);

    const edited = await cli(['--data-dir', dataDir, 'suv', '--series', fromFiles.series.seriesInstanceUid, '--weight', '80']);
    expect(edited.stdout).toMatch(/SUV \(edited\): weightKg/);
    expect((await cli(['--data-dir', dataDir, 'suv', '--series', '1.2.3.4'])).stderr).toMatch(/not in the local cache/);
  }, 60_000);

  it('names a wrong command line', async () => {
    expect((await cli(['suv'])).code).toBe(2);
    expect((await cli(['suv', samplePath(ACRIN)])).stderr).toMatch(/series/);
  });
});
