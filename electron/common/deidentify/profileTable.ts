import { CONFIDENTIALITY_PROFILE_TABLE } from './confidentialityProfileTable.generated';
import { DEIDENTIFY_OPTIONS, type DeidentifyOption } from './deidentifyOptions';

/** The action codes of PS3.15 Table E.1-1a; `X/Z/U*` keeps a reference sequence with its UIDs replaced. */
export type ProfileAction = 'X' | 'Z' | 'D' | 'U' | 'K' | 'C' | 'Z/D' | 'X/Z' | 'X/D' | 'X/Z/D' | 'X/Z/U*';

export interface ProfileRow {
  tag: string;
  keyword: string;
  retired: boolean;
  basic: ProfileAction;
  /** Option → the action it puts in place of the Basic Profile's (E.1.1: an option's requirement overrides the profile's). */
  options: Partial<Record<DeidentifyOption, ProfileAction>>;
}

// Column order of the generated table after `basic`: the options in their order, but Clean Pixel
// Data, which is about pixels, not attributes (it has no column).
const OPTION_COLUMNS: Array<DeidentifyOption | undefined> = DEIDENTIFY_OPTIONS.filter((o) => o !== 'clean-pixel-data');

let exact: Map<number, ProfileRow> | undefined;
let masked: Array<{ mask: number; value: number; row: ProfileRow }> | undefined;

function load(): void {
  exact = new Map();
  masked = [];
  for (const line of CONFIDENTIALITY_PROFILE_TABLE.trim().split('\n')) {
    const [tag, keyword, retired, basic, ...cols] = line.split('|') as [string, string, string, ProfileAction, ...string[]];
    const options: ProfileRow['options'] = {};
    cols.forEach((c, i) => {
      const option = OPTION_COLUMNS[i];
      if (c && option) options[option] = c as ProfileAction;
    });
    const row: ProfileRow = { tag, keyword, retired: retired === 'R', basic, options };
    if (tag.includes('x')) {
      // Repeating groups (50xx,xxxx), (60xx,3000): x matches any hex digit.
      let mask = 0;
      let value = 0;
      for (const ch of tag) {
        mask = mask * 16 + (ch === 'x' ? 0 : 15);
        value = value * 16 + (ch === 'x' ? 0 : parseInt(ch, 16));
      }
      masked.push({ mask: mask >>> 0, value: value >>> 0, row });
    } else exact.set(parseInt(tag, 16), row);
  }
}

/** The Table E.1-1 row of a tag (standard tags only; private attributes follow their own rule). */
export function profileRow(tag: number): ProfileRow | undefined {
  if (!exact) load();
  const hit = exact!.get(tag);
  if (hit) return hit;
  for (const m of masked!) if (((tag & m.mask) >>> 0) === m.value) return m.row;
  return undefined;
}

/** Every row, for tests and documentation. */
export function profileRows(): ProfileRow[] {
  if (!exact) load();
  return [...exact!.values(), ...masked!.map((m) => m.row)];
}

/**
 * The action for a row under the chosen options. Where several options speak to one attribute
 * (Retain Device Identity K and Clean Descriptors C), keeping wins over cleaning, cleaning over the
 * profile: each option promises to retain what it names.
 */
export function effectiveAction(row: ProfileRow, options: ReadonlySet<DeidentifyOption>): ProfileAction {
  let chosen: ProfileAction | undefined;
  for (const [option, action] of Object.entries(row.options) as Array<[DeidentifyOption, ProfileAction]>) {
    if (!options.has(option)) continue;
    if (action === 'K' || chosen === undefined || (chosen === 'X' && action === 'C')) chosen = action;
  }
  return chosen ?? row.basic;
}
