import { useEffect, useState } from 'react';
import { forgetFusionSource } from './loadFusionSource';

/**
 * Tells every part of this window that shows a series' SUV (the fusion, a PET viewport's SUV tools)
 * that the reader changed its SUV input overrides, so each reloads its source with the new values.
 */
const listeners = new Set<(seriesUid: string) => void>();

export function notifySuvOverridesChanged(seriesUid: string): void {
  forgetFusionSource(seriesUid); // before the listeners reload it
  for (const l of [...listeners]) l(seriesUid);
}

/** A number that changes each time the series' overrides change (a dependency for reloading). */
export function useSuvOverridesRevision(seriesUid: string | undefined): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    if (!seriesUid) return;
    const listener = (uid: string) => uid === seriesUid && setRevision((r) => r + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [seriesUid]);
  return revision;
}
