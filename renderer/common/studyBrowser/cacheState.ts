import type { RetrieveJob, StudySummary } from '../../../electron/common/contract/hostContract';

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.round(n / 1e3)} kB`;
}

/** The newest retrieve or prefetch of a study still worth showing (running or queued first, then a failure). */
export function retrieveOfStudy(studyUid: string, retrieves: readonly RetrieveJob[]): RetrieveJob | undefined {
  const mine = retrieves.filter((r) => r.studyInstanceUid === studyUid);
  return mine.find((r) => r.state === 'running') ?? mine.find((r) => r.state === 'queued') ?? mine.find((r) => r.state === 'failed');
}

/**
 * What the cache holds of a study in one short cell: bytes, ● when pinned, and a retrieve or
 * prefetch under way (`↓ 40/120`) or failed (`↓ failed`). The title says it in words.
 */
export function cacheStateText(study: Pick<StudySummary, 'sizeBytes' | 'pinned' | 'studyInstanceUid'>, retrieves: readonly RetrieveJob[] = []): { text: string; title: string } {
  const job = retrieveOfStudy(study.studyInstanceUid, retrieves);
  const base = `${study.pinned ? '● ' : ''}${formatBytes(study.sizeBytes)}`;
  const words = [study.pinned ? 'Pinned: kept in the cache' : 'Cached locally', `${formatBytes(study.sizeBytes)} held`];
  if (!job) return { text: base, title: words.join('; ') };
  if (job.state === 'failed') return { text: `${base} ↓ failed`, title: [...words, `retrieve from ${job.node} failed${job.error ? `: ${job.error}` : ''}`].join('; ') };
  const progress = `${job.done}/${job.total}`;
  return { text: `${base} ↓ ${progress}`, title: [...words, `${job.state === 'queued' ? 'queued to retrieve' : 'retrieving'} from ${job.node}: ${progress} instances`].join('; ') };
}
