import { useEffect, useMemo, useRef, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { ResultObject } from '../../../electron/common/results/resultObjects';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { loadResultOverlay } from './loadResultOverlay';

/**
 * The overlays of the results the reader switched on (SEG, RTSTRUCT), each read once and kept
 * while the study is open; a result switched off stays read for the next time.
 */
export function useResultOverlays(client: HostClient, studyUid: string | undefined, results: ResultObject[], shown: ReadonlySet<string>): { overlays: ResultOverlay[]; problems: string[] } {
  const loaded = useRef(new Map<string, Promise<ResultOverlay | undefined>>());
  const [done, setDone] = useState<Record<string, ResultOverlay | string | undefined>>({});
  useEffect(() => {
    loaded.current = new Map();
    setDone({});
  }, [studyUid]);
  useEffect(() => {
    if (!studyUid) return;
    for (const r of results) {
      if (!shown.has(r.sopInstanceUid) || !['seg', 'rtstruct', 'sr', 'pr', 'ko'].includes(r.kind) || loaded.current.has(r.sopInstanceUid)) continue;
      const job = client
        .call('wadoStudyMetadata', { params: { studyUid } })
        .then((images) => loadResultOverlay(client, studyUid, r, images));
      loaded.current.set(r.sopInstanceUid, job);
      job.then(
        (overlay) => {
          // For the SEG benchmark: when a result switched on is read and ready to draw.
          performance.mark('lightbox-result-overlay-ready');
          setDone((d) => ({ ...d, [r.sopInstanceUid]: overlay }));
        },
        (e: unknown) => setDone((d) => ({ ...d, [r.sopInstanceUid]: `${r.title || r.kind}: ${e instanceof Error ? e.message : String(e)}` })),
      );
    }
  }, [client, studyUid, results, shown]);
  return useMemo(() => {
    const visible = [...shown].map((sop) => done[sop]).filter((o) => o !== undefined);
    return { overlays: visible.filter((o): o is ResultOverlay => typeof o !== 'string'), problems: visible.filter((o): o is string => typeof o === 'string') };
  }, [done, shown]);
}
