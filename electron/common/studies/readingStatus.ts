import type { ReadingStatus } from '../contract/hostContract';

/** In the order a reading goes through them. */
export const READING_STATUSES: readonly ReadingStatus[] = ['unread', 'in-progress', 'read'];

/** As the study browser and the CLI show them. */
export const READING_STATUS_LABELS: Record<ReadingStatus, string> = { unread: 'Unread', 'in-progress': 'In progress', read: 'Read' };

export function isReadingStatus(value: unknown): value is ReadingStatus {
  return typeof value === 'string' && (READING_STATUSES as readonly string[]).includes(value);
}

/**
 * `unread,in-progress` → the statuses; throws naming the first word that is none (a typo must not
 * widen a search to every study).
 */
export function parseReadingStatuses(csv: string): ReadingStatus[] {
  const words = csv.split(',').map((w) => w.trim()).filter(Boolean);
  const wrong = words.find((w) => !isReadingStatus(w));
  if (wrong !== undefined) throw new RangeError(`reading status must be ${READING_STATUSES.join(', ')}; got "${wrong}"`);
  return [...new Set(words as ReadingStatus[])];
}

/**
 * The status a study takes when it is opened for reading: an unread study is now in progress; one
 * already in progress or read keeps its status (opening a read study again to compare is no new reading).
 */
export function statusAfterOpen(current: ReadingStatus): ReadingStatus {
  return current === 'unread' ? 'in-progress' : current;
}
