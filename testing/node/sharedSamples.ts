import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The real DICOM samples beside the checkout (../shared/dicom-samples); never copied into the repo. */
export const SHARED_SAMPLES_DIR = path.resolve(import.meta.dirname, '../../../shared/dicom-samples');

export interface SampleEntry {
  path: string;
  dcmtkReads: boolean;
  transferSyntaxUID?: string;
  modality?: string;
  rows?: number | null;
  columns?: number | null;
  frames?: number | null;
  bitsAllocated?: number | null;
  bitsStored?: number | null;
  pixelRepresentation?: number | null;
  samplesPerPixel?: number | null;
  planarConfiguration?: number | null;
  photometric?: string | null;
  seriesInstanceUID?: string | null;
}

export function sharedSamplesAvailable(): boolean {
  return existsSync(path.join(SHARED_SAMPLES_DIR, 'manifest.json'));
}

export function loadSampleManifest(): SampleEntry[] {
  const manifest = JSON.parse(readFileSync(path.join(SHARED_SAMPLES_DIR, 'manifest.json'), 'utf8')) as { files: SampleEntry[] };
  return manifest.files;
}

/** Files beside the instances that are not DICOM: licence notices, fixtures (manifest `otherFiles`). */
export function loadSampleOtherFiles(): Array<{ path: string; what: string }> {
  const manifest = JSON.parse(readFileSync(path.join(SHARED_SAMPLES_DIR, 'manifest.json'), 'utf8')) as { otherFiles?: Array<{ path: string; what: string }> };
  return manifest.otherFiles ?? [];
}

export function samplePath(relative: string): string {
  return path.join(SHARED_SAMPLES_DIR, relative);
}
