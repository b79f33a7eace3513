import { PROTOCOL_SCHEMA_VERSION, type DisplaySetSelector, type HangingProtocol, type StudyRule, type ViewportSpec } from '../../../electron/common/hanging/protocolTypes';

/** The study a protocol is made from (its rules are pre-filled from it). */
export interface ArrangedStudy {
  modalities: string[];
  bodyPart: string;
  studyDescription: string;
}

/** What the screen shows: the grid, and per cell the series in it (undefined: empty). */
export interface Arrangement {
  rows: number;
  columns: number;
  cells: Array<{ modality: string; seriesDescription: string } | undefined>;
}

export const protocolIdFor = (name: string): string =>
  `user-${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'protocol'
  }`;

/**
 * The current screen as a new protocol: study rules from the study (modality required; body part
 * and description as evidence), one display set per filled cell found again by its modality and
 * series description (the n-th when several cells show the same kind of series), the grid as is.
 * A starting point for the editor, valid as it stands.
 */
export function protocolFromArrangement(name: string, study: ArrangedStudy, arrangement: Arrangement): HangingProtocol {
  const match: StudyRule[] = [{ attribute: 'modality', op: 'oneOf', value: study.modalities.length ? study.modalities : ['OT'], required: true, weight: 2 }];
  if (study.bodyPart) match.push({ attribute: 'bodyPart', op: 'equals', value: study.bodyPart, weight: 3 });
  if (study.studyDescription) match.push({ attribute: 'studyDescription', op: 'contains', value: study.studyDescription, weight: 3 });
  const displaySets: DisplaySetSelector[] = [];
  const viewports: ViewportSpec[] = [];
  arrangement.cells.forEach((cell, i) => {
    if (!cell) return;
    const rules: DisplaySetSelector['rules'] = [{ attribute: 'modality', op: 'equals', value: cell.modality, required: true }];
    if (cell.seriesDescription) rules.push({ attribute: 'seriesDescription', op: 'equals', value: cell.seriesDescription, weight: 3 });
    const same = displaySets.filter((d) => JSON.stringify(d.rules) === JSON.stringify(rules)).length;
    const id = `viewport-${i + 1}`;
    displaySets.push({ id, study: 'current', rules, ...(same ? { nth: same + 1 } : {}) });
    viewports.push({ displaySet: id });
  });
  return {
    schemaVersion: PROTOCOL_SCHEMA_VERSION,
    id: protocolIdFor(name),
    name,
    description: 'Saved from a screen arrangement.',
    match,
    displaySets,
    stages: [{ name: 'Stage 1', displays: [{ layout: { kind: 'grid', rows: arrangement.rows, columns: arrangement.columns }, viewports }] }],
  };
}
