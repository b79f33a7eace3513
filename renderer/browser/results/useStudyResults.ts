import { useEffect, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { ResultObject } from '../../../electron/common/results/resultObjects';

/**
 * The open study's result objects, asked for again whenever `revision` changes (an instance of the
 * study arrived: a result from an AI node or another workstation shows up without reopening).
 */
export function useStudyResults(client: HostClient, studyUid: string | undefined, revision: number): { results: ResultObject[]; error?: string } {
  const [state, setState] = useState<{ results: ResultObject[]; error?: string }>({ results: [] });
  useEffect(() => {
    if (!studyUid) return;
    let live = true;
    client.call('getStudyResults', { params: { studyUid }, query: {} }).then(
      (results) => live && setState({ results }),
      (e: unknown) => live && setState({ results: [], error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [client, studyUid, revision]);
  return studyUid ? state : { results: [] };
}
