import type { HostClient } from '../../../electron/common/contract/hostClient';
import { rgbOf, secondaryCapture, uuidUid } from '../../common/export/secondaryCapture';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';

/** What a viewport shows, as drawn (RGBA, rows top to bottom), in device pixels. */
export interface Capture {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export function captureElement(rw: SharedRenderWindow, element: HTMLElement): Capture {
  const canvasBox = rw.canvas.getBoundingClientRect();
  const box = element.getBoundingClientRect();
  return rw.readPixels({ x: box.left - canvasBox.left, y: box.top - canvasBox.top, width: box.width, height: box.height });
}

/** Saves a capture as a PNG file (the browser's download). */
export async function downloadPng(capture: Capture, name: string): Promise<void> {
  const canvas = document.createElement('canvas');
  canvas.width = capture.width;
  canvas.height = capture.height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(capture.rgba), capture.width, capture.height), 0, 0);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Numbers of the series Lightbox creates, above any a scanner uses. */
let nextSeriesNumber = 9000 + Math.floor(Math.random() * 900);

/**
 * Stores captures (one frame: a snapshot; several: a cine) as a DICOM Secondary Capture in the
 * study, through the host's STOW-RS, so they are kept with the study in the cache like any image
 * (and can be sent to the PACS). Resolves with the new series' UID.
 */
export async function storeCapture(
  client: HostClient,
  studyUid: string,
  frames: Capture[],
  what: { seriesDescription: string; derivation: string; frameTimeMs?: number },
): Promise<string> {
  const metadata = await client.call('wadoStudyMetadata', { params: { studyUid } });
  const source = metadata[0];
  if (!source) throw new Error(`study ${studyUid} has no instances in the cache`);
  const seriesInstanceUid = uuidUid();
  const bytes = secondaryCapture({
    source,
    frames: frames.map((f) => rgbOf(f.rgba)),
    columns: frames[0]!.width,
    rows: frames[0]!.height,
    ...what,
    seriesInstanceUid,
    sopInstanceUid: uuidUid(),
    seriesNumber: nextSeriesNumber++,
    now: new Date(),
  });
  await client.call('stowStudies', { body: { type: 'application/dicom', parts: [{ contentType: 'application/dicom', bytes }] } });
  return seriesInstanceUid;
}
