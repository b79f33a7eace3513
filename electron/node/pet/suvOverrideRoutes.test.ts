import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atnaAuditMessage } from '../../common/audit/atnaAuditMessage';
import type { SeriesSuvOverrides } from '../../common/contract/hostContract';
import { textSink } from '../../../testing/node/textSink';
import { suvOverridesFile } from '../cache/annotationStore';
import { createCacheLocalStudies } from '../cache/cacheLocalStudies';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { runCli } from '../cli/main';
import type { SuvReport } from '../cli/commands/suvCommand';
import { createHost } from '../host/createHost';
import { createVirtualDisplayService } from '../host/displayService';
import { ImagingService } from '../imaging/imagingService';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';

// The reader's SUV input overrides (issue 20, item 1) through the host's route: kept per series,
// audited (and exported as an ATNA Patient Record update), applied by `lightbox suv` for that
// series with a note, and cleared again. The PET is the generated reference object, whose header
// weight (the generator's specification, not our output) the overridden SUV must scale from.

let dir: string;
let manifest: GeneratedManifest;
let cache: StudyCache;
let imaging: ImagingService;
let host: ReturnType<typeof createHost>;
let studyUid: string;
let petUid: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-suv-overrides-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.petct!, seed: 'suv-overrides', slices: 8, onlySeries: ['pet'] });
  cache = new StudyCache(path.join(dir, 'data'));
  imaging = new ImagingService(cache, { poolSize: 1 });
  await importPaths(cache, [path.join(dir, 'gen')]);
  host = createHost({ mode: 'browser', dataDir: path.join(dir, 'data'), displays: createVirtualDisplayService(1), studies: createCacheLocalStudies(cache, imaging) });
  studyUid = manifest.studies[0]!.studyInstanceUid;
  petUid = manifest.studies[0]!.series.find((s) => s.key === 'pet')!.seriesInstanceUid;
}, 120_000);
afterAll(async () => {
  await imaging.close();
  cache.close();
  await rm(dir, { recursive: true, force: true });
});

const call = async (method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
  const response = await host.handle(new Request(`http://127.0.0.1/api/${route}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) }));
  return { status: response.status, json: await response.json() };
};
const route = () => `studies/${studyUid}/series/${petUid}/suv-overrides`;

async function suvCli(args: string[]): Promise<{ code: number; stdout: string }> {
  const out = textSink();
  const code = await runCli(['--data-dir', path.join(dir, 'data'), 'suv', '--series', petUid, ...args], { stdout: out.stream, stderr: textSink().stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text() };
}
const bwFactor = (r: SuvReport): number => {
  const bw = r.kinds.bw;
  if (!bw.available || bw.factor === undefined) throw new Error('no single SUVbw factor');
  return bw.factor;
};

describe('SUV overrides route', () => {
  it('stores an override for the series, audits it, applies it in `lightbox suv`, and clears it', async () => {
    const headerWeight = manifest.dro!.patient.weightKg;
    expect(await call('GET', route())).toMatchObject({ status: 200, json: { seriesInstanceUid: petUid, overrides: {} } });
    const before = JSON.parse((await suvCli(['--json'])).stdout) as SuvReport;
    expect(before.edited).toBe(false);
    expect(before.inputs.weightKg).toBe(headerWeight);

    const events: unknown[] = [];
    host.events.onDidEmit((e) => events.push(e));
    const put = await call('PUT', route(), { weightKg: 90 });
    // Every window is told, so each reloads the series' SUV.
    expect(events).toContainEqual({ type: 'onDidChangeSuvOverrides', studyInstanceUid: studyUid, seriesInstanceUid: petUid });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ studyInstanceUid: studyUid, seriesInstanceUid: petUid, overrides: { weightKg: 90 }, savedBy: cache.auditUser });
    expect((await call('GET', route())).json).toMatchObject({ overrides: { weightKg: 90 } });

    // Audited: one 'edit' row naming the series and the values, exported as ATNA Patient Record (110110), Update.
    const rows = cache.index.auditTrail({ studyUid, action: 'edit' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toBe(`SUV inputs of PET series ${petUid} overridden: weight 90 kg (before: none (header values))`);
    expect(rows[0]!.patientId).toBe(manifest.patient.id);
    const atna = atnaAuditMessage(rows[0]!, { auditSourceId: 'lightbox@test' });
    expect(atna).toMatch(/<EventIdentification EventActionCode="U"[^>]*><EventID csd-code="110110"/);

    // `lightbox suv` for that series: the override in force, said so, SUVbw scaled by new/old weight.
    const edited = await suvCli(['--json']);
    const report = JSON.parse(edited.stdout) as SuvReport & { keptOverrides?: SeriesSuvOverrides };
    expect(report.edited).toBe(true);
    expect(report.inputs.overridden).toEqual(['weightKg']);
    expect(report.keptOverrides?.overrides).toEqual({ weightKg: 90 });
    expect(bwFactor(report) / bwFactor(before)).toBeCloseTo(90 / headerWeight, 12);
    const text = (await suvCli([])).stdout;
    expect(text).toMatch(/^note: SUV input overrides kept for this series are in force: weight 90 kg \(set \S+ by /);
    expect(text).toContain('SUV (edited): weightKg replaced by the reader');
    // A flag given on the command line replaces the kept value.
    expect(bwFactor(JSON.parse((await suvCli(['--json', '--weight', '60'])).stdout) as SuvReport) / bwFactor(before)).toBeCloseTo(60 / headerWeight, 12);

    // Cleared: the header's values again, and the clearing audited too.
    expect(await call('PUT', route(), {})).toMatchObject({ status: 200, json: { overrides: {} } });
    const restored = JSON.parse((await suvCli(['--json'])).stdout) as SuvReport & { keptOverrides?: unknown };
    expect(restored.edited).toBe(false);
    expect(restored.keptOverrides).toBeUndefined();
    expect(bwFactor(restored)).toBe(bwFactor(before));
    const all = cache.index.auditTrail({ studyUid, action: 'edit' });
    expect(all.map((r) => r.detail)).toContain(`SUV inputs of PET series ${petUid} restored to the header values: none (header values) (before: weight 90 kg)`);
  });

  it('refuses bad values and series it does not hold, and audits nothing for them', async () => {
    const rows = cache.index.auditTrail({ studyUid, action: 'edit' }).length;
    expect(await call('PUT', route(), { weightKg: -3 })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/^weight \(kg\) must be/) } });
    expect(await call('PUT', route(), { injectionDateTime: 'yesterday' })).toMatchObject({ status: 400 });
    expect(await call('PUT', `studies/${studyUid}/series/1.2.3.4/suv-overrides`, { weightKg: 80 })).toMatchObject({ status: 404 });
    expect(await call('GET', `studies/${studyUid}/series/1.2.3.4/suv-overrides`)).toMatchObject({ status: 404 });
    expect(cache.index.auditTrail({ studyUid, action: 'edit' })).toHaveLength(rows);
  });

  it('goes with the study when the study is deleted (an override names the patient\'s weight)', async () => {
    expect((await call('PUT', route(), { heightM: 1.8 })).status).toBe(200);
    const file = suvOverridesFile(cache.paths, studyUid);
    expect(existsSync(file)).toBe(true);
    cache.deleteStudy(studyUid, 'test');
    expect(existsSync(file)).toBe(false);
  });
});
