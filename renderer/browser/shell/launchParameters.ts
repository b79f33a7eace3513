import type { OpenStudyCommand } from '../../../electron/common/contract/hostContract';

/**
 * What a RIS or worklist asked to open through the URL (browser mode: the served URL with
 * `?StudyInstanceUID=…` or `?AccessionNumber=…`, as the desktop deep link `lightbox://open?…` carries).
 */
export function launchCommand(search: string): OpenStudyCommand | undefined {
  const q = new URLSearchParams(search);
  const studyInstanceUid = q.get('StudyInstanceUID') ?? q.get('studyInstanceUid') ?? undefined;
  const accessionNumber = q.get('AccessionNumber') ?? q.get('accessionNumber') ?? undefined;
  if (studyInstanceUid) return { studyInstanceUid };
  if (accessionNumber) return { accessionNumber };
  return undefined;
}
