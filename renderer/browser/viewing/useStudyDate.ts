import { useEffect, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';

/** A cached study's Study Date (DA, YYYYMMDD; '' until known or when it has none). */
export function useStudyDate(client: HostClient, studyUid: string): string {
  const [date, setDate] = useState<{ uid: string; date: string }>();
  useEffect(() => {
    let live = true;
    client.call('qidoStudies', { query: { StudyInstanceUID: studyUid } }).then(
      ([row]) => live && setDate({ uid: studyUid, date: String(row?.['00080020']?.Value?.[0] ?? '') }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, studyUid]);
  return date?.uid === studyUid ? date.date : '';
}
