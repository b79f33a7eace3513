import { useEffect, useMemo, useRef, useState } from 'react';
import type { DisplayInfo } from '../../../electron/common/contract/hostContract';
import type { HangingResult } from '../../../electron/common/hanging/hangingEngine';
import { diagnosticDisplays, displayKey, planDisplays } from '../../../electron/common/hanging/displayPlanner';
import type { HostConnection } from '../host/hostConnection';
import type { HungView } from '../viewing/ViewerWorkspace';
import { SyncBus } from '../viewing/viewerSync';

export interface Hanging {
  /** The hanging was decided (or could not be): the viewer lays out at once, never twice. */
  ready: boolean;
  result?: HangingResult;
  stage: number;
  /** This window's display in the current stage; undefined for the default grid. */
  view?: HungView;
}

/**
 * The hanging of the open study for this window: the host hangs it for the reading room's
 * displays, this window takes its own display's layout. Stages advance with `n` (Shift+n back)
 * in any window; the others follow over the sync bus.
 */
export function useHanging(host: HostConnection, studyUid: string | undefined, displayId: string): Hanging {
  const [result, setResult] = useState<HangingResult>();
  const [ready, setReady] = useState(false);
  const [displays, setDisplays] = useState<DisplayInfo[]>([]);
  const [stage, setStage] = useState(0);
  const stageRef = useRef(0);
  stageRef.current = stage;
  const bus = useMemo(() => new SyncBus(), []);
  useEffect(() => () => bus.close(), [bus]);

  useEffect(() => {
    setResult(undefined);
    setReady(false);
    setStage(0);
    if (!studyUid) return;
    let live = true;
    // Both at once: the host hangs for the displays it knows.
    void Promise.all([host.client.call('listDisplays', {}), host.client.call('getHanging', { params: { studyUid }, query: {} })]).then(([list, hung]) => {
      if (!live) return;
      setDisplays(list);
      setResult(hung);
      setReady(true);
    }).catch(() => live && setReady(true)); // no hanging: the default grid
    return () => {
      live = false;
    };
  }, [host, studyUid, displayId]);

  // Displays added, removed or rearranged: the layouts are placed again (each keeps its viewports).
  // The hanging is asked again for the new number of displays; the stage and the viewer stay.
  useEffect(
    () =>
      host.onEvent((event) => {
        if (event.type !== 'onDidChangeDisplays') return;
        setDisplays(event.displays);
        if (studyUid) void host.client.call('getHanging', { params: { studyUid }, query: { displays: String(Math.max(1, diagnosticDisplays(event.displays).length)) } }).then(setResult, () => undefined);
      }),
    [host, studyUid],
  );

  useEffect(() => {
    if (!result || !studyUid) return;
    const stages = result.stages.length;
    const off = bus.subscribe((m) => {
      if (m.kind === 'stage' && m.studyUid === studyUid) setStage(Math.max(0, Math.min(stages - 1, m.stage)));
    });
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      if (e.key !== 'n' && e.key !== 'N') return;
      e.preventDefault();
      // The bus delivers to this window too: every window sets its stage from the message.
      bus.publish({ kind: 'stage', studyUid, stage: Math.max(0, Math.min(stages - 1, stageRef.current + (e.key === 'N' ? -1 : 1))) });
    };
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
    };
  }, [result, studyUid, bus]);

  // The stage's layouts placed on the reading room's displays by role; this window takes the one placed on it.
  const layouts = result && !result.protocol.isDefault ? result.stages[stage]?.displays : undefined;
  const layoutIndex = useMemo(() => {
    if (!layouts) return undefined;
    const known = displays.length ? displays : [{ id: displayId, label: '', bounds: { x: 0, y: 0, width: 1, height: 1 }, scaleFactor: 1, primary: true }];
    // The host gives each display its role from the reading room's profile.
    const profile = { roles: Object.fromEntries(known.filter((d) => d.role).map((d) => [displayKey(d), d.role!])) };
    const plan = planDisplays(layouts, known, profile);
    return [...plan.placements].find(([, id]) => id === displayId)?.[0];
  }, [layouts, displays, displayId]);
  const display = layoutIndex === undefined ? undefined : layouts?.[layoutIndex];
  const view = useMemo<HungView | undefined>(
    () => (display && result ? { key: `${result.protocol.id}/${stage}/${layoutIndex}`, protocolId: result.protocol.id, stage, display, syncGroups: result.syncGroups, bus } : undefined),
    [display, result, stage, layoutIndex, bus],
  );
  return { ready, result, stage, view };
}
