import { useCallback, useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import type { FusionDisplay } from '../../common/fusion/fusionDisplay';
import { SyncBus } from '../viewing/viewerSync';

/** A window's fusion as the reader set it: which series ('' : none) and how it is shown. */
export interface FusionSettings {
  seriesUid: string;
  /** Absent until the series has been loaded once (its default window comes from it). */
  display?: FusionDisplay;
}

/** What a window says to the reading room's other windows when its fusion changes. */
export interface FusionLinkMessage {
  kind: 'fusion';
  studyUid: string;
  /** The window that sent it (its own listeners skip it). */
  sender: string;
  settings: FusionSettings;
}

/** The channel the fusion settings travel on: the viewer's sync bus, under its own name. */
export const FUSION_CHANNEL = 'lightbox-fusion';

const keyOf = (s: FusionSettings): string => JSON.stringify([s.seriesUid, s.display ?? null]);

/**
 * Keeps one fusion per study across the reading room's windows (one per display): a change the
 * reader makes here (`readerChange()` called just before it) is sent to the others over the sync
 * bus once it is rendered; a change made there is applied here with `apply`. Only the reader's own
 * changes are sent: what was applied from another window, or the default a series opens with after
 * another window fused it, is never sent back (it would undo that window's newer settings).
 * `received` is the settings last received, for the loader: a series loaded because another window
 * fused it takes that window's display, not the series' default.
 */
export function useFusionLink(studyUid: string, local: FusionSettings, apply: (settings: FusionSettings) => void): { received: MutableRefObject<FusionSettings | undefined>; readerChange(): void } {
  const bus = useMemo(() => new SyncBus<FusionLinkMessage>(FUSION_CHANNEL), []);
  useEffect(() => () => bus.close(), [bus]);
  const sender = useMemo(() => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`, []);
  const received = useRef<FusionSettings>(undefined);
  /** The settings this window last sent or received: the same again is not sent. */
  const lastKey = useRef(keyOf({ seriesUid: '' }));
  const dirty = useRef(false);
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    received.current = undefined;
    return bus.subscribe((m) => {
      if (m.kind !== 'fusion' || m.studyUid !== studyUid || m.sender === sender) return;
      received.current = m.settings;
      lastKey.current = keyOf(m.settings);
      applyRef.current(m.settings);
    });
  }, [bus, studyUid, sender]);

  const key = keyOf(local);
  useEffect(() => {
    if (!dirty.current || key === lastKey.current) return;
    dirty.current = false;
    lastKey.current = key;
    bus.publish({ kind: 'fusion', studyUid, sender, settings: local });
    // The key stands for the settings: sent once per change of them.
  }, [key, studyUid]);
  const readerChange = useCallback(() => void (dirty.current = true), []);
  return { received, readerChange };
}
