import { useEffect, useRef, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { StoredVolumeMeasurement } from '../../../electron/common/contract/hostContract';
import type { PlaneMeasurement } from '../../common/mpr/planeMeasurements';

const toStored = (m: PlaneMeasurement, seriesInstanceUid: string): StoredVolumeMeasurement => ({
  id: m.id,
  kind: m.kind,
  seriesInstanceUid,
  points: m.points as StoredVolumeMeasurement['points'],
  plane: m.plane as StoredVolumeMeasurement['plane'],
  ...(m.stats ? { stats: m.stats } : {}),
});

/**
 * The MPR measurements of a series, kept with the study in the cache (beside the stack viewer's,
 * which a save of these leaves as they are): loaded when the series opens, saved shortly after each change.
 */
export function useVolumeMeasurements(client: HostClient, studyUid: string, seriesUid: string) {
  const [list, setList] = useState<PlaneMeasurement[]>([]);
  /** Those of the study's other series, saved back unchanged. */
  const others = useRef<StoredVolumeMeasurement[]>([]);
  const loaded = useRef(false);
  useEffect(() => {
    let live = true;
    loaded.current = false;
    client.call('getAnnotations', { params: { studyUid } }).then((a) => {
      if (!live) return;
      const all = a.volumeMeasurements ?? [];
      others.current = all.filter((m) => m.seriesInstanceUid !== seriesUid);
      setList(all.filter((m) => m.seriesInstanceUid === seriesUid).map(({ id, kind, points, plane, stats }) => ({ id, kind, points, plane, ...(stats ? { stats } : {}) })));
      loaded.current = true;
    });
    return () => {
      live = false;
    };
  }, [client, studyUid, seriesUid]);
  useEffect(() => {
    if (!loaded.current) return;
    const timer = setTimeout(() => {
      void client.call('putAnnotations', { params: { studyUid }, body: { studyInstanceUid: studyUid, volumeMeasurements: [...others.current, ...list.map((m) => toStored(m, seriesUid))] } });
    }, 300);
    return () => clearTimeout(timer);
  }, [client, studyUid, seriesUid, list]);
  return [list, setList] as const;
}
