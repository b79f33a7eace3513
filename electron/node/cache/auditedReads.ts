import { AccessCoalescer, type AccessNote, type AccessWindow, type CoalescingRules } from '../../common/audit/accessCoalescer';
import type { LocalStudies } from '../host/localStudies';
import type { StudyCache } from './studyCache';

/** Who reads through the host: its pages (the viewer) or a DICOMweb client holding its token, on loopback only. */
const HOST_CLIENT = { peer: 'viewer or DICOMweb client of the host', peerAddress: '127.0.0.1' };

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** One coalesced window as its audit row: the instances read per SOP class, and what was asked how often. */
function writeWindow(cache: StudyCache, window: AccessWindow): void {
  const sopClasses = cache.index.sopClassCounts(window.studyUid, window);
  const counted = Object.values(sopClasses).reduce((a, b) => a + b, 0);
  const kinds = [...window.kinds].map(([what, n]) => `${what} ${n}`).join(', ');
  cache.audit({
    action: 'wado',
    outcome: 'success',
    studyUid: window.studyUid,
    at: new Date(window.firstAt).toISOString(),
    instances: counted || window.sopUids.size,
    sopClasses,
    ...HOST_CLIENT,
    detail: `${window.requests} request(s) over ${duration(window.lastAt - window.firstAt)}: ${kinds}`,
  });
}

/**
 * Every read of a study's data through the host — frames for the viewer, WADO-RS frames, files,
 * bulk data and metadata, thumbnails, volumes — audited as 'wado', coalesced into one row per
 * study per window (AccessCoalescer) and written when the window closes or the cache closes.
 */
export function withAuditedReads(studies: LocalStudies, cache: StudyCache, rules?: CoalescingRules): LocalStudies & { flushAudit(): void } {
  const coalescer = new AccessCoalescer(rules);
  let timer: NodeJS.Timeout | undefined;
  const write = (windows: AccessWindow[]): void => {
    for (const window of windows) {
      try {
        writeWindow(cache, window);
      } catch (error) {
        // A full disk or a closing index must not fail the read itself.
        console.warn(`lightbox: audit row for study ${window.studyUid} not written: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (coalescer.pending === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  const flushAudit = (): void => write(coalescer.drain());
  cache.onWillClose(flushAudit);
  const note = (n: AccessNote): void => {
    const closed = coalescer.note(n, Date.now());
    if (closed) write([closed]);
    if (!timer) {
      const idle = rules?.idleMs ?? 60_000;
      timer = setInterval(() => write(coalescer.due(Date.now())), Math.max(50, Math.min(idle / 2, 15_000)));
      timer.unref();
    }
  };
  /** Notes a read once it found something: a 404 read nothing. */
  const audited =
    <A extends unknown[], R>(fn: (...args: A) => R, describe: (...args: A) => AccessNote) =>
    (...args: A): R => {
      const result = fn(...args);
      const noteIf = (value: unknown): void => {
        if (value !== undefined) note(describe(...args));
      };
      if (result instanceof Promise) void result.then(noteIf, () => undefined);
      else noteIf(result);
      return result;
    };
  return {
    ...studies,
    studyMetadata: audited(studies.studyMetadata, (studyUid) => ({ studyUid, what: 'study metadata' })),
    seriesMetadata: audited(studies.seriesMetadata, (studyUid, seriesUid) => ({ studyUid, seriesUid, what: 'series metadata' })),
    displayFrame: audited(studies.displayFrame, (studyUid, seriesUid, sopUid) => ({ studyUid, seriesUid, sopUid, what: 'display frames' })),
    frames: audited(studies.frames, (studyUid, seriesUid, sopUid) => ({ studyUid, seriesUid, sopUid, what: 'WADO-RS frames' })),
    // A series thumbnail renders one instance, not the series: counted as a request only.
    thumbnail: audited(studies.thumbnail, (studyUid, _seriesUid, sopUid) => ({ studyUid, ...(sopUid ? { sopUid } : {}), what: 'thumbnails' })),
    bulkData: audited(studies.bulkData, (studyUid, seriesUid, sopUid) => ({ studyUid, seriesUid, sopUid, what: 'bulk data' })),
    instance: audited(studies.instance, (studyUid, seriesUid, sopUid) => ({ studyUid, seriesUid, sopUid, what: 'instances' })),
    seriesVolume: audited(studies.seriesVolume, (studyUid, seriesUid) => ({ studyUid, seriesUid, what: 'volumes' })),
    segmentStatistics: audited(studies.segmentStatistics, (studyUid, sopUid) => ({ studyUid, sopUid, what: 'segment statistics' })),
    flushAudit,
  };
}
