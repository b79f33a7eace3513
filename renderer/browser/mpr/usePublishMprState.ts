import { useEffect } from 'react';
import type { Centerline } from '../../common/mpr/curvedReformat';
import type { MprState } from '../../common/mpr/mprState';
import { mprHooks } from './mprTestHooks';
import type { LoadedVolume } from './volumeSource';

/** Publishes the MPR's state, volume and curve to tests and benchmarks (see mprTestHooks). */
export function usePublishMprState(state: MprState | undefined, volume: LoadedVolume | undefined, update: (change: (s: MprState) => MprState) => void, curved: { line: Centerline } | undefined, uploading: boolean): void {
  useEffect(() => {
    const hooks = mprHooks();
    hooks.state = state;
    hooks.update = update;
    hooks.curve = curved ? { length: curved.line.length } : undefined;
    hooks.uploading = uploading;
    if (volume) {
      hooks.geometry = volume.geometry;
      hooks.volume = { samples: volume.samples, dimensions: volume.info.dimensions, rescale: volume.info.rescale };
      hooks.notices = volume.notices;
    }
  }, [state, volume, update, curved, uploading]);
}
