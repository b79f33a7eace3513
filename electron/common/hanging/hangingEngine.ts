import { explainRules, scoreRules, type RuleOutcome } from './matchRules';
import type { DisplaySetSelector, DisplaySpec, HangingProtocol, Layout, SeriesAttribute, StudyAttribute, SyncGroup, ViewportFusionSpec, ViewportSpec } from './protocolTypes';
import { rankPriors } from './rankPriors';
import type { SeriesFacts, StudyFacts } from './studyFacts';

export interface ProtocolScore {
  protocolId: string;
  name: string;
  score: number;
  applicable: boolean;
  /** False: only its study rules were scored (it could not beat the chosen protocol, so its display sets were not checked). */
  checked: boolean;
  /** Every study rule with its outcome, then display sets that found no series. */
  rules: RuleOutcome[];
  missingDisplaySets: string[];
}

/** A viewport's fusion with the series its display set found (absent from the assignment when it found none). */
export interface ViewportFusion extends ViewportFusionSpec {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string;
}

export interface ViewportAssignment extends Omit<ViewportSpec, 'sync' | 'fusion'> {
  /** The series to fuse over this viewport's, resolved. */
  fusion?: ViewportFusion;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  seriesDescription?: string;
  sync: string[];
  /** Why this series: the series rules it met, or why the viewport is empty. */
  why: string;
}

export interface HungDisplay {
  /** 0-based display index the layout goes to. */
  display: number;
  role?: string;
  layout: Layout;
  viewports: ViewportAssignment[];
}

export interface HangingResult {
  protocol: { id: string; name: string; isDefault: boolean };
  /** All candidates, best first: the explanation of the choice. */
  scores: ProtocolScore[];
  priors: { studyInstanceUid: string; studyDate: string; reasons: string[] }[];
  stages: { name: string; displays: HungDisplay[] }[];
  syncGroups: SyncGroup[];
  notes: string[];
}

export interface HangingInput {
  current: StudyFacts;
  /** The patient's other studies (any date; the engine chooses among them). */
  candidates: StudyFacts[];
  /** Displays available in the reading room (browser mode: virtual displays). */
  displays: number;
}

function studyFact(study: StudyFacts, attribute: StudyAttribute): string | number | string[] {
  switch (attribute) {
    case 'modality':
      return study.modalities;
    case 'bodyPart':
      return study.bodyPart;
    case 'studyDescription':
      return study.studyDescription;
    case 'institution':
      return study.institution;
    case 'numberOfImages':
      return study.numberOfImages;
    case 'numberOfSeries':
      return study.series.length;
  }
}

function seriesFact(series: SeriesFacts, attribute: SeriesAttribute): string | number | boolean | string[] | undefined {
  return series[attribute];
}

interface Chosen {
  series?: SeriesFacts;
  study?: StudyFacts;
  why: string;
}

/** Picks the series of a display set: all required rules met, highest score, then series number; `nth` skips the better ones. */
function chooseSeries(selector: DisplaySetSelector, studies: Map<string, StudyFacts>): Chosen {
  const study = studies.get(selector.study === 'prior' ? 'prior-1' : selector.study);
  if (!study) return { why: `no ${selector.study} study` };
  const candidates: { series: SeriesFacts; score: number }[] = [];
  for (const series of study.series) {
    const { score, eligible } = scoreRules(selector.rules, (a) => seriesFact(series, a));
    if (eligible && (selector.rules.length === 0 || score > 0)) candidates.push({ series, score });
  }
  candidates.sort((a, b) => b.score - a.score || (a.series.seriesNumber ?? 1e9) - (b.series.seriesNumber ?? 1e9) || b.series.instances - a.series.instances);
  const pick = candidates[(selector.nth ?? 1) - 1];
  if (!pick) return { study, why: `no series of the ${selector.study} study meets ${selector.rules.length ? 'the rules' : 'nth ' + String(selector.nth)}` };
  const met = explainRules(selector.rules, (a) => seriesFact(pick.series, a))
    .filter((o) => o.passed)
    .map((o) => o.rule);
  return { study, series: pick.series, why: met.length ? met.join(', ') : `series ${selector.nth ?? 1} by number` };
}

/**
 * Hangs a study: scores every protocol against it (study rules, then whether its required
 * display sets find series), picks the best (the default protocol when none applies), chooses
 * its priors, and assigns a series to every viewport of every stage on the available displays.
 * Pure: works from QIDO-level series facts and first-instance headers only.
 */
/** The study score a protocol needs: its own `minScore`, else something beyond its required rules. */
function minScore(protocol: HangingProtocol): number {
  if (protocol.minScore !== undefined) return protocol.minScore;
  const required = protocol.match.filter((r) => r.required).reduce((n, r) => n + (r.weight ?? 1), 0);
  const optional = protocol.match.some((r) => !r.required && (r.weight ?? 1) > 0);
  return Math.max(Number.MIN_VALUE, required + (optional ? 1 : 0));
}

/** How many protocols are checked in full (display sets, priors) for the explanation, at least. */
const EXPLAINED = 2;

export function hangStudy(protocols: HangingProtocol[], input: HangingInput): HangingResult {
  // Phase 1, every protocol: its study rules (cheap, and the explanation of each).
  const facts = (a: StudyAttribute) => studyFact(input.current, a);
  const first = protocols.map((protocol) => {
    const outcomes = explainRules(protocol.match, facts);
    const study = { score: outcomes.reduce((n, o) => n + (o.passed ? o.weight : 0), 0), eligible: outcomes.every((o) => o.passed || !o.required) };
    return { protocol, study, outcomes };
  });
  // Phase 2, best first: display sets and priors, until nothing unchecked can beat the best found.
  // (Filled display sets add at most 0.1, so a protocol whose study score is lower by more cannot win.)
  const order = first
    .filter((e) => e.study.eligible && (e.protocol.isDefault === true || e.study.score >= minScore(e.protocol)))
    .sort((a, b) => Number(a.protocol.isDefault === true) - Number(b.protocol.isDefault === true) || b.study.score - a.study.score);
  const full = new Map<HangingProtocol, { priors: ReturnType<typeof rankPriors<StudyFacts>>; chosen: Map<string, Chosen>; score: ProtocolScore }>();
  let best: { protocol: HangingProtocol; score: number } | undefined;
  for (const [i, e] of order.entries()) {
    if (best && i >= EXPLAINED && (e.protocol.isDefault || e.study.score + 0.1 <= best.score)) break;
    const { protocol, study } = e;
    const priors = protocol.priors && protocol.priors.count > 0 ? rankPriors(input.current, input.candidates, protocol.priors) : [];
    const studies = new Map<string, StudyFacts>([['current', input.current]]);
    priors.forEach((p, k) => studies.set(`prior-${k + 1}`, p.study));
    const chosen = new Map(protocol.displaySets.map((d) => [d.id, chooseSeries(d, studies)]));
    const missing = protocol.displaySets.filter((d) => d.required && !chosen.get(d.id)!.series).map((d) => d.id);
    const filled = protocol.displaySets.filter((d) => chosen.get(d.id)!.series).length;
    // A protocol that finds no series for any of its display sets would hang an empty screen.
    const applicable = missing.length === 0 && filled > 0;
    // Filled display sets break ties between protocols whose study rules score alike.
    const score = protocol.isDefault ? 0 : study.score + filled / (10 * Math.max(1, protocol.displaySets.length));
    full.set(protocol, { priors, chosen, score: { protocolId: protocol.id, name: protocol.name, score: Math.round(score * 1000) / 1000, applicable, checked: true, rules: e.outcomes, missingDisplaySets: missing } });
    if (applicable && (!best || score > best.score || (best.protocol.isDefault && !protocol.isDefault))) best = { protocol, score };
  }
  if (!best) throw new Error('no protocol applies and none is marked isDefault');
  const scores: ProtocolScore[] = first.map(
    (e) => full.get(e.protocol)?.score ?? { protocolId: e.protocol.id, name: e.protocol.name, score: e.study.score, applicable: false, checked: false, rules: e.outcomes, missingDisplaySets: [] },
  );
  scores.sort((a, b) => Number(b.checked && b.applicable) - Number(a.checked && a.applicable) || b.score - a.score);
  const chosenProtocol = best.protocol;
  const winner = { protocol: chosenProtocol, ...full.get(chosenProtocol)! };
  const notes: string[] = [];
  const stages = winner.protocol.stages.map((stage) => {
    const { displays, stacked } = fitToDisplays(stage.displays, input.displays, (l) => l.viewports.some((vp) => winner.chosen.get(vp.displaySet)?.series));
    if (stage.displays.length > input.displays) {
      notes.push(
        stacked
          ? `stage "${stage.name}" has ${stage.displays.length} display layouts; ${input.displays} display(s) available: the last one shows the others below its own (current above, prior below)`
          : `stage "${stage.name}" has ${stage.displays.length} display layouts; ${input.displays} display(s) available: the rest are not shown (free-form layouts cannot be stacked)`,
      );
    }
    return {
      name: stage.name,
      displays: displays.map((display, index) => ({
        display: index,
        ...(display.role ? { role: display.role } : {}),
        layout: display.layout,
        viewports: display.viewports.map((vp): ViewportAssignment => {
          const c = winner.chosen.get(vp.displaySet) ?? { why: 'empty: a filler cell where two displays\' layouts share one' };
          const { fusion, ...spec } = vp;
          const fused = fusion ? winner.chosen.get(fusion.displaySet) : undefined;
          return {
            ...spec,
            ...(fusion && fused?.series ? { fusion: { ...fusion, studyInstanceUid: fused.study!.studyInstanceUid, seriesInstanceUid: fused.series.seriesInstanceUid, seriesDescription: fused.series.seriesDescription } } : {}),
            type: vp.type ?? 'stack',
            sync: vp.sync ?? [],
            ...(c.series ? { studyInstanceUid: c.study!.studyInstanceUid, seriesInstanceUid: c.series.seriesInstanceUid, seriesDescription: c.series.seriesDescription } : {}),
            why: c.why,
          };
        }),
      })),
    };
  });
  return {
    protocol: { id: winner.protocol.id, name: winner.protocol.name, isDefault: winner.protocol.isDefault === true },
    scores,
    priors: winner.priors.map((p) => ({ studyInstanceUid: p.study.studyInstanceUid, studyDate: p.study.studyDate, reasons: p.reasons })),
    stages,
    syncGroups: winner.protocol.syncGroups ?? [],
    notes,
  };
}

/**
 * A stage's display layouts on fewer displays: the layouts beyond the last display are stacked
 * below that display's own, grids aligned by column (current on top, prior beneath: lung over
 * lung), the shorter rows filled with empty cells — with one display, the prior shares it instead
 * of being left out. A layout beyond with nothing to show (no prior found) is not stacked.
 * Free-form layouts cannot be stacked: those beyond are left out (and noted).
 */
export function fitToDisplays(layouts: DisplaySpec[], displays: number, shows: (layout: DisplaySpec) => boolean = () => true): { displays: DisplaySpec[]; stacked: boolean } {
  if (layouts.length <= displays) return { displays: layouts, stacked: false };
  const kept = layouts.slice(0, displays - 1);
  const rest = layouts.slice(displays - 1).filter((l, i) => i === 0 || shows(l));
  if (rest.length === 1) return { displays: [...kept, rest[0]!], stacked: false };
  if (rest.some((l) => l.layout.kind !== 'grid')) return { displays: layouts.slice(0, displays), stacked: false };
  const grids = rest as Array<DisplaySpec & { layout: { kind: 'grid'; rows: number; columns: number } }>;
  const columns = Math.max(...grids.map((g) => g.layout.columns));
  const viewports: ViewportSpec[] = [];
  for (const g of grids) {
    for (let row = 0; row < g.layout.rows; row++) {
      for (let column = 0; column < columns; column++) {
        const vp = column < g.layout.columns ? g.viewports[row * g.layout.columns + column] : undefined;
        viewports.push(vp ?? { displaySet: EMPTY_CELL });
      }
    }
  }
  const rows = grids.reduce((n, g) => n + g.layout.rows, 0);
  return { displays: [...kept, { ...(grids[0]!.role ? { role: grids[0]!.role } : {}), layout: { kind: 'grid', rows, columns }, viewports }], stacked: true };
}

/** The display set of a filler cell in a stacked layout: it selects nothing. */
const EMPTY_CELL = '';
