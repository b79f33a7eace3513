import { useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import type { VoiSetting } from '../../../electron/common/dicom/display/voiTransform';
import type { StackImage } from '../../common/viewing/stackImages';
import { nearestSlice, type SyncBus } from './viewerSync';

/** Synchronization groups (hanging protocol): what to share, and the bus between windows. */
export interface ViewportSyncGroups {
  groups: { id: string; kinds: string[] }[];
  bus: SyncBus;
}

export interface ViewportSyncArgs {
  sync: ViewportSyncGroups | undefined;
  position: number;
  stack: StackImage[] | undefined;
  voiOverride: VoiSetting | undefined;
  setIndex(index: number): void;
  setVoiOverride(voi: VoiSetting): void;
  /** Set to this render's position publisher (scrolls and the cine's timer call the latest one). */
  publishRef: MutableRefObject<(p: readonly number[] | undefined) => void>;
}

/** Synchronization: what this viewport's user changes goes out; what others change comes in (and is not echoed). */
export function useViewportSync({ sync, position, stack, voiOverride, setIndex, setVoiOverride, publishRef }: ViewportSyncArgs): void {
  const sourceId = useMemo(() => `${Math.random().toString(36).slice(2)}-${position}`, [position]);
  const remote = useRef({ voi: undefined as VoiSetting | undefined });
  const groups = (kind: string): string[] => sync?.groups.filter((g) => g.kinds.includes(kind)).map((g) => g.id) ?? [];
  function publishPosition(p: readonly number[] | undefined): void {
    const bus = sync?.bus;
    if (!bus || !p) return;
    for (const group of groups('position')) bus.publish({ kind: 'position', group, source: sourceId, point: [p[0]!, p[1]!, p[2]!] });
  }
  publishRef.current = publishPosition;
  useEffect(() => {
    const bus = sync?.bus;
    if (!bus || !voiOverride || voiOverride.kind !== 'window' || remote.current.voi === voiOverride) return;
    for (const group of groups('windowLevel')) bus.publish({ kind: 'windowLevel', group, source: sourceId, center: voiOverride.center, width: voiOverride.width });
  }, [voiOverride]);
  useEffect(() => {
    if (!sync || !stack) return;
    return sync.bus.subscribe((m) => {
      if (m.kind === 'stage' || m.source === sourceId || !sync.groups.some((g) => g.id === m.group && g.kinds.includes(m.kind))) return;
      if (m.kind === 'position') {
        const normal = stack.find((im) => im.geometry)?.geometry?.normal;
        if (!normal) return;
        const at = nearestSlice(stack.map((im) => im.geometry?.position as [number, number, number] | undefined), normal as [number, number, number], m.point);
        if (at !== undefined) setIndex(at);
      } else {
        const next: VoiSetting = { kind: 'window', center: m.center, width: m.width, fn: 'LINEAR' };
        remote.current.voi = next;
        setVoiOverride(next);
      }
    });
  }, [sync, stack, sourceId]);
}
