import { useEffect, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { stringValue, Tag } from '../../../electron/common/dicom/model/dicomJsonAccess';
import type { FusionView } from '../../common/fusion/fusionDisplay';
import { fusionRefusal, type FusionSource } from '../../common/fusion/fusionSource';
import type { StackImage } from '../../common/viewing/stackImages';
import { loadFusionSource } from './loadFusionSource';
import { useSuvOverridesRevision } from './suvOverridesBus';

/** A PET's own source, per series and overrides revision: viewports showing it share one load. */
const ownSources = new Map<string, Promise<FusionSource | undefined>>();

/**
 * Where a viewport's SUV comes from: the fused PET (when the viewport shows another series under it,
 * in the same Frame of Reference), else the shown series itself when it is a PET with SUV, loaded
 * only when `wanted` (an SUV tool or probe is in use) and reloaded when its overrides change.
 */
export function useSuvSource(client: HostClient, studyUid: string, seriesUid: string | undefined, image: StackImage | undefined, fusion: FusionView | undefined, wanted: boolean): FusionSource | undefined {
  const fused = fusion && fusion.source.seriesInstanceUid !== seriesUid && image?.geometry && !fusionRefusal(stringValue(image.dataset, Tag.FrameOfReferenceUID), fusion.source) ? fusion.source : undefined;
  const isPet = image ? stringValue(image.dataset, Tag.Modality) === 'PT' : false;
  const revision = useSuvOverridesRevision(isPet ? seriesUid : undefined);
  const [own, setOwn] = useState<FusionSource>();
  const need = wanted && isPet && !!seriesUid && !fused?.suv && !(fusion && fusion.source.seriesInstanceUid === seriesUid && fusion.source.suv);
  useEffect(() => {
    if (!need || !seriesUid) return;
    let live = true;
    const key = `${studyUid}|${seriesUid}|${revision}`;
    let loading = ownSources.get(key);
    if (!loading) {
      loading = loadFusionSource(client, studyUid, seriesUid).then(
        (r) => (r.ok ? r.source : undefined),
        () => undefined,
      );
      ownSources.set(key, loading);
    }
    void loading.then((s) => live && setOwn(s));
    return () => {
      live = false;
    };
  }, [need, client, studyUid, seriesUid, revision]);
  if (fused?.suv) return fused;
  // The PET shown is the one fused (over the other viewports): its source is already here.
  if (isPet && fusion && fusion.source.seriesInstanceUid === seriesUid && fusion.source.suv) return fusion.source;
  return need && own?.seriesInstanceUid === seriesUid ? own : fused;
}
