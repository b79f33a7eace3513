import { useEffect, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { StudyResults } from '../../../electron/common/contract/hostContract';

/**
 * The open study's result objects, asked for again whenever `revision` changes (an instance of the
 * study arrived: a result from an AI node or another workstation shows up without reopening).
 */
const NONE: StudyResults = { results: [], aiRequests: [] };

export function useStudyResults(client: HostClient, studyUid: string | undefined, revision: number): StudyResults & { error?: string } {
  const [state, setState] = useState<StudyResults & { error?: string }>(NONE);
  useEffect(() => {
    if (!studyUid) return;
    let live = true;
    client.call('getStudyResults', { params: { studyUid }, query: {} }).then(
      (answer) => live && setState(answer),
      (e: unknown) => live && setState({ ...NONE, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [client, studyUid, revision]);
  return studyUid ? state : NONE;
}
