import { useState, type ReactNode } from 'react';
import type { ViewportPresentation } from '../../../electron/common/contract/hostContract';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { stringValue, Tag } from '../../../electron/common/dicom/model/dicomJsonAccess';
import { TagBrowserDialog } from './TagBrowserDialog';

/** Where the open viewport's headers come from (the study's metadata, read as it opened). */
export interface HeaderSource {
  series(seriesUid: string): Promise<DicomJsonDataset[]>;
}

/**
 * The tag browser of the stack viewer: `show` opens it on the image the active viewport shows now
 * (its last render: a key pressed right after a scroll shows the image on screen).
 */
export function useTagBrowser(current: () => { image: ViewportPresentation; headers: HeaderSource } | undefined): { show(): void; dialog: ReactNode } {
  const [open, setOpen] = useState<{ label: string; load(): Promise<DicomJsonDataset | undefined> }>();
  const show = () => {
    const now = current();
    if (!now) return;
    const { image, headers } = now;
    const load = () => headers.series(image.seriesInstanceUid).then((list) => list.find((ds) => stringValue(ds, Tag.SOPInstanceUID) === image.sopInstanceUid));
    setOpen({ label: `instance ${image.sopInstanceUid}${image.frame > 1 ? `, frame ${image.frame}` : ''}`, load });
  };
  const dialog = open ? <TagBrowserDialog label={open.label} load={open.load} onClose={() => setOpen(undefined)} /> : null;
  return { show, dialog };
}
