import type { HostEvent } from '../../common/contract/hostContract';
import { exportPercent, type ExportJob } from '../../common/export/exportJob';
import { exportFormatOf, type ExportRequest } from '../../common/export/exportRequest';
import type { StudyCache } from '../cache/studyCache';
import { exportInstances } from './exportInstances';

interface RunningExport {
  job: ExportJob;
  abort: AbortController;
  /** Settles (never rejects) when the export ended, however. */
  ended: Promise<void>;
}

/** Progress events at most this often per export (state changes are announced at once). */
const PROGRESS_EVERY_MS = 250;

/**
 * The app's exports, run in the host as jobs: `start` answers once the export is under way, its
 * progress and end are announced as `onDidChangeExport` events, `cancel` stops it and answers once
 * nothing is left at the destination. The last `keep` finished jobs are remembered (this session
 * only: the audit trail is the lasting record).
 */
export class ExportJobs {
  private readonly jobs = new Map<string, RunningExport>();
  private counter = 0;

  constructor(
    private readonly cache: StudyCache,
    private readonly emit: (event: HostEvent) => void,
    private readonly keep = 20,
  ) {}

  /**
   * Starts an export; resolves once it wrote its first instance, or ended. An export that fails
   * before writing anything (destination exists, UID not cached, nothing exportable) rejects with
   * its error and is not kept as a job: the caller answers it as a refused request.
   */
  async start(request: ExportRequest): Promise<ExportJob> {
    const format = request.format ?? exportFormatOf(request.out);
    const job: ExportJob = {
      id: `x${++this.counter}-${Date.now().toString(36)}`,
      state: 'running',
      request,
      format,
      pdi: format === 'iso' || request.pdi === true,
      progress: { phase: 'writing', instancesDone: 0, instancesTotal: 0, bytesWritten: 0 },
      percent: 0,
      startedAt: new Date().toISOString(),
    };
    const abort = new AbortController();
    let announced = false;
    let lastEvent = 0;
    let failure: unknown;
    let wroteSomething!: () => void;
    const underWay = new Promise<void>((resolve) => (wroteSomething = resolve));
    const announce = (force: boolean): void => {
      if (!announced || (!force && Date.now() - lastEvent < PROGRESS_EVERY_MS)) return;
      lastEvent = Date.now();
      this.emit({ type: 'onDidChangeExport', job: structuredClone(job) });
    };
    const ended = exportInstances(
      this.cache,
      request,
      (progress) => {
        job.progress = progress;
        job.percent = exportPercent(progress, job.state);
        wroteSomething();
        announce(false);
      },
      abort.signal,
    ).then(
      (result) => {
        job.result = result;
        job.state = 'done';
        job.percent = 100;
      },
      (error: unknown) => {
        failure = error;
        job.state = abort.signal.aborted ? 'cancelled' : 'failed';
        job.error = abort.signal.aborted ? 'cancelled: nothing was written' : error instanceof Error ? error.message : String(error);
      },
    ).finally(() => {
      job.finishedAt = new Date().toISOString();
      announce(true);
      this.forgetOld();
    });
    await Promise.race([underWay, ended]);
    if (job.state === 'failed' && job.progress.instancesDone === 0) throw failure;
    this.jobs.set(job.id, { job, abort, ended });
    announced = true;
    announce(true);
    return structuredClone(job);
  }

  get(id: string): ExportJob | undefined {
    const entry = this.jobs.get(id);
    return entry && structuredClone(entry.job);
  }

  /** Oldest first. */
  list(): ExportJob[] {
    return [...this.jobs.values()].map((e) => structuredClone(e.job));
  }

  /** Cancels a running export and resolves once it stopped; a finished one as it is; undefined for an unknown id. */
  async cancel(id: string): Promise<ExportJob | undefined> {
    const entry = this.jobs.get(id);
    if (!entry) return undefined;
    if (entry.job.state === 'running') {
      entry.abort.abort();
      await entry.ended;
    }
    return structuredClone(entry.job);
  }

  /** Cancels every running export (the host is closing): their destinations stay empty. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.job.state === 'running');
    for (const e of running) e.abort.abort();
    await Promise.all(running.map((e) => e.ended));
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.state !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keep))) this.jobs.delete(e.job.id);
  }
}
