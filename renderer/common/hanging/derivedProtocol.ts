import type { HungDisplay } from '../../../electron/common/hanging/hangingEngine';
import type { HangingProtocol, ViewportSpec } from '../../../electron/common/hanging/protocolTypes';
import { protocolFromArrangement, type Arrangement, type ArrangedStudy } from './arrangementProtocol';

/** The protocol that hung what is on screen, and where on it the screen is. */
export interface HungBase {
  protocol: HangingProtocol;
  stage: number;
  /** The hung display this window shows (its viewports name the base's display sets and series). */
  display: HungDisplay;
}

/**
 * "Save as protocol…" on a screen a protocol hung: the base protocol with this display's grid and
 * cells as the reader arranged them, everything else kept — its study rules (so it applies where
 * the base did, and a user protocol wins a tie), priors, other displays and stages, sync groups,
 * and each cell's window preset and sync membership when the cell still shows a series the base
 * put on this display. A cell showing a series the base did not place gets a display set of its
 * own, found again by modality and series description. (Saved from the bare arrangement, the
 * protocol outscored the shipped CT chest one and replaced it with one without presets, sync,
 * priors or second stage: the two kernels stopped scrolling together.)
 * `assigned`: the series UID in each cell. Without a base (or when the base was the default
 * protocol), it is the bare arrangement's protocol.
 */
export function protocolFromHungScreen(name: string, study: ArrangedStudy, arrangement: Arrangement, assigned: Array<string | undefined>, base: HungBase | undefined): HangingProtocol {
  const bare = protocolFromArrangement(name, study, arrangement);
  if (!base || base.protocol.isDefault) return bare;
  const stage = base.protocol.stages[base.stage];
  const shown = base.display.viewports.map((v) => v.displaySet);
  const displayIndex = stage?.displays.findIndex((d) => d.viewports.length === shown.length && d.viewports.every((v, i) => v.displaySet === shown[i])) ?? -1;
  if (!stage || displayIndex < 0) return bare;
  // The base's viewport spec for each series it put on this display.
  const specOfSeries = new Map<string, ViewportSpec>();
  base.display.viewports.forEach((v, i) => {
    if (v.seriesInstanceUid && !specOfSeries.has(v.seriesInstanceUid)) specOfSeries.set(v.seriesInstanceUid, stage.displays[displayIndex]!.viewports[i]!);
  });
  const extraDisplaySets = [];
  const viewports: ViewportSpec[] = [];
  for (let i = 0; i < arrangement.rows * arrangement.columns; i++) {
    const uid = assigned[i];
    const kept = uid ? specOfSeries.get(uid) : undefined;
    if (kept) {
      viewports.push(structuredClone(kept));
      continue;
    }
    const own = bare.displaySets.find((d) => d.id === `viewport-${i + 1}`);
    if (!own) continue; // an empty cell
    const id = `saved-${i + 1}`;
    extraDisplaySets.push({ ...own, id });
    viewports.push({ displaySet: id });
  }
  const derived = structuredClone(base.protocol);
  derived.stages[base.stage]!.displays[displayIndex] = { ...stage.displays[displayIndex]!, layout: { kind: 'grid', rows: arrangement.rows, columns: arrangement.columns }, viewports };
  return {
    ...derived,
    id: bare.id,
    name,
    description: `Saved from a screen arrangement, based on "${base.protocol.name}".`,
    displaySets: [...derived.displaySets, ...extraDisplaySets],
  };
}
