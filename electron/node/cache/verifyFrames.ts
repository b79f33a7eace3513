import { HostError } from '../../common/contract/hostError';
import type { ImagingService } from '../imaging/imagingService';
import type { StudyCache } from './studyCache';

export interface FrameVerifyReport {
  /** Instances with pixel data whose frames were decoded. */
  checked: number;
  /** Frames that do not decode, not known when the instance was stored: what cannot be shown, and why. */
  undecodable: Array<{ sopUid: string; frame: number; problem: string }>;
  /** Instances whose damage was already recorded (not decoded again: what is wrong is known). */
  knownDamaged: number;
}

/**
 * Decodes each stored image's first frame (every frame with `allFrames`) the way the viewer would,
 * on the imaging pool's threads. Damage recorded when the instance arrived is known and reported
 * by `verifyCache`; a frame that fails now without recorded damage is a finding. With `record`
 * (verify --repair) it is recorded as the instance's known damage: the file stays (what it holds
 * may still be useful, and it is the original), and the viewer says why the frame is missing.
 */
export async function verifyFrames(cache: StudyCache, imaging: ImagingService, options: { allFrames?: boolean; record?: boolean } = {}): Promise<FrameVerifyReport> {
  const report: FrameVerifyReport = { checked: 0, undecodable: [], knownDamaged: 0 };
  const known = new Set(cache.index.damagedInstances().map((d) => d.sopUid));
  const work: Array<{ studyUid: string; seriesUid: string; sopUid: string }> = [];
  for (const i of cache.index.allInstances()) {
    if (known.has(i.sopUid)) report.knownDamaged++;
    else work.push(i);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const { studyUid, seriesUid, sopUid } = work[next++]!;
      let instance;
      try {
        instance = imaging.instance(studyUid, seriesUid, sopUid);
      } catch (error) {
        report.undecodable.push({ sopUid, frame: 1, problem: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (!instance || instance.source.unreadable === 'no pixel data') continue;
      report.checked++;
      const frames = options.allFrames ? instance.source.numberOfFrames : 1;
      for (let frame = 1; frame <= frames; frame++) {
        try {
          await imaging.samples(instance, frame);
        } catch (error) {
          const problem = error instanceof HostError || error instanceof Error ? error.message : String(error);
          report.undecodable.push({ sopUid, frame, problem });
          break; // one named problem per instance
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, imaging.parallelism) }, worker));
  if (options.record) {
    for (const { sopUid, problem } of report.undecodable) cache.index.recordDamage(sopUid, [problem]);
  }
  return report;
}
