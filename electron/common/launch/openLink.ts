import type { OpenStudyCommand } from '../contract/hostContract';

/** The desktop deep-link scheme a RIS or worklist uses: `lightbox://open?StudyInstanceUID=…` or `?AccessionNumber=…`. */
export const OPEN_LINK_SCHEME = 'lightbox';

/** Parses a deep link (or a command-line argument that is one); undefined when it is not an open link. */
export function parseOpenLink(link: string): OpenStudyCommand | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${OPEN_LINK_SCHEME}:`) return undefined;
  // `lightbox://open?…` parses with host "open"; `lightbox:open?…` with pathname "open".
  if (url.hostname !== 'open' && url.pathname.replace(/^\/+/, '') !== 'open') return undefined;
  const studyInstanceUid = url.searchParams.get('StudyInstanceUID') ?? undefined;
  const accessionNumber = url.searchParams.get('AccessionNumber') ?? undefined;
  if (studyInstanceUid && /^[0-9.]{1,64}$/.test(studyInstanceUid)) return { studyInstanceUid };
  if (accessionNumber && accessionNumber.length <= 16) return { accessionNumber };
  return undefined;
}
