import type { RemoteStudy } from '../../common/contract/hostContract';

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

const words = (text: string): Set<string> => new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));

function dateValue(dicomDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(dicomDate);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
}

export interface RankedPrior {
  study: RemoteStudy;
  score: number;
  /** Why it was chosen: modality match, description words shared, age. */
  reasons: string[];
}

/**
 * Chooses the priors of `current` among the patient's other studies: older than it, within the
 * age limit, sharing a modality (when required); ranked by shared modalities and description
 * words (relevance), then by recency.
 */
export function selectPriors(current: RemoteStudy, candidates: RemoteStudy[], rules: PrefetchRules = DEFAULT_PREFETCH_RULES): RankedPrior[] {
  const now = dateValue(current.studyDate);
  const currentWords = words(current.studyDescription);
  const ranked: RankedPrior[] = [];
  for (const study of candidates) {
    if (study.studyInstanceUid === current.studyInstanceUid || study.patientId !== current.patientId) continue;
    const when = dateValue(study.studyDate);
    if (!Number.isNaN(now) && !Number.isNaN(when)) {
      if (when > now) continue; // a later study is not a prior
      if (now - when > rules.maxAgeYears * 365.25 * 86_400_000) continue;
    }
    const sharedModalities = study.modalities.filter((m) => current.modalities.includes(m));
    if (rules.sameModality && current.modalities.length > 0 && sharedModalities.length === 0) continue;
    const sharedWords = [...words(study.studyDescription)].filter((w) => currentWords.has(w));
    const ageDays = Number.isNaN(now) || Number.isNaN(when) ? undefined : Math.round((now - when) / 86_400_000);
    ranked.push({
      study,
      score: sharedModalities.length * 10 + sharedWords.length * 3 - (ageDays ?? 3650) / 3650,
      reasons: [
        sharedModalities.length ? `modality ${sharedModalities.join('/')}` : 'no shared modality',
        ...(sharedWords.length ? [`description shares "${sharedWords.join(' ')}"`] : []),
        ageDays !== undefined ? `${ageDays} days before` : 'undated',
      ],
    });
  }
  return ranked.sort((a, b) => b.score - a.score).slice(0, rules.maxPriors);
}
