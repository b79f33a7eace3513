import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { SuvOverrides } from '../../../electron/common/pet/suvTypes';
import { fusionSourceOf, type FusionSourceResult } from '../../common/fusion/fusionSource';

/**
 * A series to fuse, from the host: its decode-once volume (built on first request, then one
 * sequential read), its instances' headers (for each slice's rescale, SUV factor and position), and
 * the reader's SUV input overrides kept for it (a host that keeps none: the header's values).
 */
export function loadFusionSource(client: HostClient, studyUid: string, seriesUid: string): Promise<FusionSourceResult> {
  // Viewports asking for the same series at once (the PET/CT protocol's fused, PET-alone and MIP
  // viewports as the study opens) share one load: the volume crosses from the host once. Only while
  // in flight: a later call (new SUV overrides) reads the host again.
  let pending = inFlight.get(client);
  if (!pending) inFlight.set(client, (pending = new Map()));
  const key = `${studyUid}|${seriesUid}`;
  let load = pending.get(key);
  if (!load) {
    const started = fetchFusionSource(client, studyUid, seriesUid);
    load = started.finally(() => pending.delete(key));
    pending.set(key, load);
  }
  return load;
}

const inFlight = new WeakMap<HostClient, Map<string, Promise<FusionSourceResult>>>();

async function fetchFusionSource(client: HostClient, studyUid: string, seriesUid: string): Promise<FusionSourceResult> {
  const [info, buffer, datasets, overrides] = await Promise.all([
    client.call('getSeriesVolumeInfo', { params: { studyUid, seriesUid } }),
    client.call('getSeriesVolume', { params: { studyUid, seriesUid } }),
    client.call('wadoSeriesMetadata', { params: { studyUid, seriesUid } }),
    client.call('getSuvOverrides', { params: { studyUid, seriesUid } }).then(
      (kept) => kept.overrides,
      (): SuvOverrides => ({}),
    ),
  ]);
  return fusionSourceOf(info, buffer, datasets, overrides);
}
