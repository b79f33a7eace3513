import type { RemoteStudy } from '../../common/contract/hostContract';
import { rankPriors, type RankedPrior as Ranked } from '../../common/hanging/rankPriors';

/** Which priors to fetch for a study being read (stored in the PACS settings). */
export interface PrefetchRules {
  /** How many priors at most (most relevant, then most recent, first). */
  maxPriors: number;
  /** Ignore priors older than this many years before the current study. */
  maxAgeYears: number;
  /** Require a modality in common with the current study. */
  sameModality: boolean;
}

export const DEFAULT_PREFETCH_RULES: PrefetchRules = { maxPriors: 2, maxAgeYears: 5, sameModality: true };

export type RankedPrior = Ranked<RemoteStudy>;

/** The priors of `current` to prefetch among the patient's studies on a node (the same ranking hanging protocols use). */
export function selectPriors(current: RemoteStudy, candidates: RemoteStudy[], rules: PrefetchRules = DEFAULT_PREFETCH_RULES): RankedPrior[] {
  return rankPriors(current, candidates, { count: rules.maxPriors, sameModality: rules.sameModality, maxAgeDays: Math.round(rules.maxAgeYears * 365.25) });
}
