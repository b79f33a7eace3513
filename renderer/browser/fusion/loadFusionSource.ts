import type { HostClient } from '../../../electron/common/contract/hostClient';
import { fusionSourceOf, type FusionSourceResult } from '../../common/fusion/fusionSource';

/**
 * A series to fuse, from the host: its decode-once volume (built on first request, then one
 * sequential read) and its instances' headers (for each slice's rescale, SUV factor and position).
 */
export async function loadFusionSource(client: HostClient, studyUid: string, seriesUid: string): Promise<FusionSourceResult> {
  const [info, buffer, datasets] = await Promise.all([
    client.call('getSeriesVolumeInfo', { params: { studyUid, seriesUid } }),
    client.call('getSeriesVolume', { params: { studyUid, seriesUid } }),
    client.call('wadoSeriesMetadata', { params: { studyUid, seriesUid } }),
  ]);
  return fusionSourceOf(info, buffer, datasets);
}
