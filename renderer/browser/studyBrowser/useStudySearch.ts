import { useCallback, useEffect, useState } from 'react';
import type { StudySearchQuery, StudySummary } from '../../../electron/common/contract/hostContract';
import type { HostConnection } from '../host/hostConnection';

export interface StudySearch {
  studies: StudySummary[];
  /** Set once the first answer came (an empty list then means: nothing matches). */
  loaded: boolean;
  error?: string;
  refresh(): void;
}

/**
 * The host's study search (`searchStudies`: name/ID/accession, dates, modality, reading status),
 * asked again when the query changes, when studies arrive, and when a reading status changes
 * (a row's status is patched in place unless the list is filtered by status).
 */
export function useStudySearch(host: HostConnection, query: StudySearchQuery): StudySearch {
  const [studies, setStudies] = useState<StudySummary[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const key = JSON.stringify(query);

  const refresh = useCallback(() => {
    host.client
      .call('searchStudies', { query: JSON.parse(key) as StudySearchQuery })
      .then((found) => {
        setStudies(found);
        setLoaded(true);
        setError(undefined);
      })
      .catch((e: unknown) => setError(String(e)));
  }, [host, key]);

  useEffect(refresh, [refresh]);
  useEffect(
    () =>
      host.onEvent((event) => {
        if (event.type === 'onDidChangeStudies') refresh();
        if (event.type !== 'onDidChangeReadingStatus') return;
        const { studyInstanceUid, status } = event.status;
        if ((JSON.parse(key) as StudySearchQuery).readingStatus) refresh();
        else setStudies((list) => list.map((s) => (s.studyInstanceUid === studyInstanceUid ? { ...s, readingStatus: status } : s)));
      }),
    [host, key, refresh],
  );
  return { studies, loaded, error, refresh };
}
