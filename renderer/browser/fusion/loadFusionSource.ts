import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import type { SuvOverrides } from '../../../electron/common/pet/suvTypes';
import { fusionSourceOf, type FusionSourceResult } from '../../common/fusion/fusionSource';

/**
 * A series to fuse, from the host: its decode-once volume (built on first request, then one
 * sequential read), its instances' headers (for each slice's rescale, SUV factor and position), and
 * the reader's SUV input overrides kept for it (a host that keeps none: the header's values).
 */
export function loadFusionSource(client: HostClient, studyUid: string, seriesUid: string, headers?: SeriesHeaders): Promise<FusionSourceResult> {
  // Everything that asks for the same series shares one load: the fused and PET-alone viewports as
  // the study opens, the MIP set up after the first images, the SUV tools. The volume crosses from
  // the host once (the MIP read it a second time, just as the fused image was being drawn). Kept
  // until the series' SUV overrides change (forgetFusionSource), for the last few series only.
  const key = `${studyUid}|${seriesUid}`;
  const found = kept.get(key);
  kept.delete(key); // most recent last
  if (found?.client === client) {
    kept.set(key, found);
    return found.load;
  }
  const load = fetchFusionSource(client, studyUid, seriesUid, headers);
  const entry = { client, load };
  load.catch(() => kept.get(key) === entry && kept.delete(key)); // asked again next time
  if (kept.size >= KEPT_SERIES) kept.delete(kept.keys().next().value!);
  kept.set(key, entry);
  return load;
}

/** The series' SUV overrides changed: the next load reads the host again. */
export function forgetFusionSource(seriesUid: string): void {
  for (const key of [...kept.keys()]) if (key.endsWith(`|${seriesUid}`)) kept.delete(key);
}

/** Instances of these studies arrived or went: their series load again (a PET still arriving was kept part-built). */
export function forgetStudiesFusionSources(studyUids: readonly string[]): void {
  for (const key of [...kept.keys()]) if (studyUids.includes(key.slice(0, key.indexOf('|')))) kept.delete(key);
}

/** How many series' loaded sources (each a whole volume) a window keeps. */
const KEPT_SERIES = 2;
const kept = new Map<string, { client: HostClient; load: Promise<FusionSourceResult> }>();

/**
 * The series' instance headers where the window has them already (the open study's metadata, read
 * as it opened): the PET's 1.9 MB of headers then cross from the host once, not twice.
 */
export type SeriesHeaders = (seriesUid: string) => Promise<DicomJsonDataset[]>;

async function fetchFusionSource(client: HostClient, studyUid: string, seriesUid: string, headers?: SeriesHeaders): Promise<FusionSourceResult> {
  const [info, buffer, datasets, overrides] = await Promise.all([
    client.call('getSeriesVolumeInfo', { params: { studyUid, seriesUid } }),
    client.call('getSeriesVolume', { params: { studyUid, seriesUid } }),
    headers ? headers(seriesUid) : client.call('wadoSeriesMetadata', { params: { studyUid, seriesUid } }),
    client.call('getSuvOverrides', { params: { studyUid, seriesUid } }).then(
      (kept) => kept.overrides,
      (): SuvOverrides => ({}),
    ),
  ]);
  return fusionSourceOf(info, buffer, datasets, overrides);
}
