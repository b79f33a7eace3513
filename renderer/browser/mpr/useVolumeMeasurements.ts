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
 * The MPR measurements of a series, kept with the study in the cache (beside the stack viewer's):
 * loaded when the series opens; this window's changes sent shortly after each, measurement by
 * measurement (another window's, or another series', are never overwritten).
 */
export function useVolumeMeasurements(client: HostClient, studyUid: string, seriesUid: string) {
  const [list, setList] = useState<PlaneMeasurement[]>([]);
  /** This series' measurements as the host holds them (id → JSON), as this window last heard. */
  const known = useRef(new Map<string, string>());
  const loaded = useRef(false);
  useEffect(() => {
    let live = true;
    loaded.current = false;
    client.call('getAnnotations', { params: { studyUid } }).then((a) => {
      if (!live) return;
      const mine = (a.volumeMeasurements ?? []).filter((m) => m.seriesInstanceUid === seriesUid);
      known.current = new Map(mine.map((m) => [m.id, JSON.stringify(m)]));
      setList(mine.map(({ id, kind, points, plane, stats }) => ({ id, kind, points, plane, ...(stats ? { stats } : {}) })));
      loaded.current = true;
    });
    return () => {
      live = false;
    };
  }, [client, studyUid, seriesUid]);
  useEffect(() => {
    if (!loaded.current) return;
    const timer = setTimeout(() => {
      const stored = list.map((m) => toStored(m, seriesUid));
      const upsertVolume = stored.filter((m) => known.current.get(m.id) !== JSON.stringify(m));
      const ids = new Set(stored.map((m) => m.id));
      const removeVolume = [...known.current.keys()].filter((id) => !ids.has(id));
      if (upsertVolume.length === 0 && removeVolume.length === 0) return;
      known.current = new Map(stored.map((m) => [m.id, JSON.stringify(m)]));
      void client.call('putAnnotations', { params: { studyUid }, body: { studyInstanceUid: studyUid, changes: { upsertVolume, removeVolume } } });
    }, 300);
    return () => clearTimeout(timer);
  }, [client, studyUid, seriesUid, list]);
  return [list, setList] as const;
}
