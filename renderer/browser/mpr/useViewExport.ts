import { useEffect, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import { captureElement, downloadPng, storeCapture, type Capture } from './viewCapture';

export type ExportKind = 'png' | 'capture' | 'cine';

/** Frames of a rotating 3D cine (15° apart), shown at 12 a second. */
const CINE_FRAMES = 24;

/** What is exported: the view's element, names for the file and the series, and how to turn a 3D view. */
export interface ExportTarget {
  element: HTMLElement;
  name: string;
  title: string;
  derivation: string;
  turnAround?: (frames: number, capture: () => Capture) => Capture[];
}

/**
 * Exports of the active view: a PNG download, or a DICOM Secondary Capture (snapshot, or a full turn
 * of the 3D view) stored in the study. The message floats over the views and goes after a while.
 */
export function useViewExport(client: HostClient, rw: SharedRenderWindow, studyUid: string, target: (kind: ExportKind) => ExportTarget | undefined) {
  const [notice, setNotice] = useState<string>();
  useEffect(() => {
    if (!notice || notice === 'Saving…') return;
    const timer = setTimeout(() => setNotice(undefined), 8000);
    return () => clearTimeout(timer);
  }, [notice]);
  const run = async (kind: ExportKind): Promise<void> => {
    const t = target(kind);
    if (!t) return;
    const capture = () => captureElement(rw, t.element);
    try {
      if (kind === 'png') return await downloadPng(capture(), `lightbox-${t.name}.png`);
      setNotice('Saving…');
      const frames = kind === 'cine' && t.turnAround ? t.turnAround(CINE_FRAMES, capture) : [capture()];
      const description = kind === 'cine' ? 'Lightbox 3D cine' : `Lightbox ${t.title} snapshot`;
      await storeCapture(client, studyUid, frames, { seriesDescription: description, derivation: t.derivation, ...(kind === 'cine' ? { frameTimeMs: 1000 / 12 } : {}) });
      setNotice(`Saved to the study as a Secondary Capture: "${description}"${kind === 'cine' ? ` (${frames.length} frames)` : ''}`);
    } catch (e) {
      setNotice(`Not saved: ${readerMessage(e)}`);
    }
  };
  return { notice, run };
}
