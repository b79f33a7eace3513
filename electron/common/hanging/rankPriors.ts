/** The facts prior selection needs of a study (current or candidate). */
export interface PriorCandidate {
  studyInstanceUid: string;
  patientId: string;
  studyDate: string;
  studyDescription: string;
  modalities: string[];
  bodyPart?: string;
}

export interface PriorCriteria {
  count: number;
  sameModality?: boolean;
  sameBodyPart?: boolean;
  maxAgeDays?: number;
}

export interface RankedPrior<T extends PriorCandidate> {
  study: T;
  score: number;
  /** Why it was chosen: modality, body part, description words shared, age. */
  reasons: string[];
}

const words = (text: string): Set<string> => new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));

function day(dicomDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(dicomDate);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : Number.NaN;
}

/**
 * The priors of `current` among the patient's other studies: older (same day counts), within the
 * age limit, sharing a modality / body part when asked; ranked by relevance (shared modalities,
 * body part, description words), then recency. Used by hanging protocols and by prefetch.
 */
export function rankPriors<T extends PriorCandidate>(current: PriorCandidate, candidates: T[], criteria: PriorCriteria): RankedPrior<T>[] {
  const today = day(current.studyDate);
  const currentWords = words(current.studyDescription);
  const ranked: RankedPrior<T>[] = [];
  for (const study of candidates) {
    if (study.studyInstanceUid === current.studyInstanceUid || study.patientId !== current.patientId) continue;
    const age = today - day(study.studyDate);
    if (age < 0) continue; // a later study is not a prior
    if (criteria.maxAgeDays !== undefined && age > criteria.maxAgeDays) continue;
    const modalities = study.modalities.filter((m) => current.modalities.includes(m));
    if ((criteria.sameModality ?? true) && current.modalities.length > 0 && modalities.length === 0) continue;
    const sameBody = !!current.bodyPart && study.bodyPart === current.bodyPart;
    if (criteria.sameBodyPart && current.bodyPart && study.bodyPart && !sameBody) continue;
    const shared = [...words(study.studyDescription)].filter((w) => currentWords.has(w));
    const known = Number.isFinite(age);
    ranked.push({
      study,
      score: modalities.length * 10 + (sameBody ? 5 : 0) + shared.length * 3 - (known ? age : 3650) / 3650,
      reasons: [
        modalities.length ? `modality ${modalities.join('/')}` : 'no shared modality',
        ...(sameBody ? [`body part ${current.bodyPart}`] : []),
        ...(shared.length ? [`description shares "${shared.join(' ')}"`] : []),
        known ? `${age} days before` : 'undated',
      ],
    });
  }
  return ranked.sort((a, b) => b.score - a.score).slice(0, criteria.count);
}
