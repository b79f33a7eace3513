import { useImperativeHandle, type Ref } from 'react';
import type { MprPlaneName } from '../../common/mpr/mprGeometry';
import { initialMprState, scrollPlane, type MprState } from '../../common/mpr/mprState';
import { CT_WINDOW_PRESETS } from '../../common/viewing/windowPresets';
import type { ViewportCommands } from '../viewing/viewerTools';
import { openingWindow } from './openingWindow';
import type { LoadedVolume } from './volumeSource';

/** The keyboard commands of the MPR's active plane (scroll, window, zoom, reset), handed to the viewer's key handler. */
export function useMprCommands(
  commands: Ref<ViewportCommands | null>,
  volume: LoadedVolume | undefined,
  activePlane: MprPlaneName,
  update: (change: (s: MprState) => MprState) => void,
  setState: (state: MprState) => void,
): void {
  useImperativeHandle(
    commands,
    (): ViewportCommands => {
      const g = volume?.geometry;
      const noop = () => undefined;
      return {
        scrollBy: (d) => g && update((s) => scrollPlane(s, g, activePlane, d)),
        scrollTo: (i) => g && update((s) => scrollPlane(s, g, activePlane, i === 0 ? -1e6 : 1e6)),
        setWindow: (center, width) => update((s) => ({ ...s, window: { center, width } })),
        applyPreset: (id) => {
          const p = CT_WINDOW_PRESETS.find((x) => x.id === id);
          if (p) update((s) => ({ ...s, window: { center: p.center, width: p.width } }));
          else if (volume) update((s) => ({ ...s, window: openingWindow(volume) }));
        },
        zoomBy: (f) => update((s) => ({ ...s, views: { ...s.views, [activePlane]: { ...s.views[activePlane], zoom: s.views[activePlane].zoom * f } } })),
        fit: () => update((s) => ({ ...s, views: { ...s.views, [activePlane]: { zoom: 1, pan: [0, 0] } } })),
        oneToOne: noop,
        rotate: noop,
        flip: noop,
        invert: noop,
        reset: () => g && volume && setState(initialMprState(g, openingWindow(volume))),
        toggleCine: noop,
        setCine: noop,
      };
    },
    [volume, activePlane, update],
  );
}
