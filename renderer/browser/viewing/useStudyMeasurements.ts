import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { StoredMeasurement, StudyAnnotations } from '../../../electron/common/contract/hostContract';
import { changesSince, isEmpty, knownFrom, withLocalChanges, type KnownMeasurements } from '../../common/viewing/measurementChanges';

export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

/**
 * The stack measurements of every study on screen (the current one and priors hung beside it),
 * each kept with its own study: a measurement on a prior is filed under the prior (it was filed
 * under the current study). This window sends its edits, measurement by measurement, shortly
 * after each change and at once when the page goes away; when another window saved (the host
 * tells every window, `versions`), the new version is merged under this window's unsaved edits —
 * with a study on two displays, neither window's save drops the other's measurements.
 * `seriesStudies`: the study of each series shown; measurements of other series belong to `studyUid`.
 */
export function useStudyMeasurements(client: HostClient, studyUid: string, seriesStudies: Map<string, string>, versions: Record<string, number>) {
  const [measurements, setMeasurements] = useState<StoredMeasurement[]>([]);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const known = useRef(new Map<string, KnownMeasurements>());
  const versionSeen = useRef(new Map<string, number>());
  const latest = useRef(measurements);
  latest.current = measurements;
  const seriesStudy = useRef(seriesStudies);
  seriesStudy.current = seriesStudies;
  const studyOf = useCallback((m: StoredMeasurement): string => seriesStudy.current.get(m.seriesInstanceUid) ?? studyUid, [studyUid]);
  const studiesKey = [...new Set([studyUid, ...seriesStudies.values()])].sort().join(',');
  const studies = useMemo(() => studiesKey.split(','), [studiesKey]);

  /** Takes a version of a study's measurements from the host, with this window's unsaved edits on top. */
  const adopt = useCallback(
    (uid: string, annotations: StudyAnnotations) => {
      versionSeen.current.set(uid, annotations.version ?? 0);
      setMeasurements((list) => {
        const mine = list.filter((m) => studyOf(m) === uid);
        const local = changesSince(known.current.get(uid) ?? new Map(), mine);
        known.current.set(uid, knownFrom(annotations.measurements));
        const next = [...list.filter((m) => studyOf(m) !== uid), ...withLocalChanges(annotations.measurements, local)];
        // `known` and the list a save compares it with move together: a save before the next render
        // (the page going away just after another window's change arrived) would otherwise send the
        // old list against the new `known` and put back what the other window removed.
        latest.current = next;
        return next;
      });
    },
    [studyOf],
  );

  useEffect(() => {
    let live = true;
    for (const uid of studies) {
      const seen = versionSeen.current.get(uid);
      if (seen !== undefined && (versions[uid] ?? 0) <= seen) continue;
      client.call('getAnnotations', { params: { studyUid: uid } }).then(
        (a) => live && adopt(uid, a),
        () => undefined, // a prior not in the cache: no measurements to show
      );
    }
    return () => {
      live = false;
    };
  }, [client, studies, versions, adopt]);

  /** Sends what changed; resolves when the host has it ("Save results" waits for it before writing the report). */
  const save = useCallback((): Promise<void> => {
    const sent: Promise<void>[] = [];
    for (const uid of known.current.keys()) {
      const changes = changesSince(known.current.get(uid)!, latest.current.filter((m) => studyOf(m) === uid));
      if (isEmpty(changes)) continue;
      setSaveState('saving');
      sent.push(
        client.call('putAnnotations', { params: { studyUid: uid }, body: { studyInstanceUid: uid, changes } }).then(
          (saved) => {
            adopt(uid, saved);
            setSaveState('saved');
          },
          () => setSaveState('error'),
        ),
      );
    }
    return Promise.all(sent).then(() => undefined);
  }, [client, studyOf, adopt]);

  useEffect(() => {
    const timer = setTimeout(save, 300);
    return () => clearTimeout(timer);
  }, [measurements, save]);
  useEffect(() => {
    const onHide = () => void save();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      void save();
    };
  }, [save]);

  return { measurements, setMeasurements, saveState, flush: save };
}
