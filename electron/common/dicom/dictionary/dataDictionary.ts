import { PRIVATE_DICTIONARY, STANDARD_DICTIONARY_EXACT, STANDARD_DICTIONARY_RANGES } from './standardDictionary.generated';

export interface DictionaryEntry {
  /** The dictionary VR; may be a dcmtk context VR (`xs`, `ox`, `lt`, `up`, `na`, `px`) to resolve. */
  vr: string;
  keyword: string;
  vm: string;
}

interface RangeEntry extends DictionaryEntry {
  g1: number;
  g2: number;
  gr: string;
  e1: number;
  e2: number;
  er: string;
}

let exact: Map<number, DictionaryEntry> | undefined;
let ranges: RangeEntry[] | undefined;
let byKeyword: Map<string, number> | undefined;

function load(): void {
  exact = new Map();
  byKeyword = new Map();
  for (const line of STANDARD_DICTIONARY_EXACT.split('\n')) {
    const [tag, vr, keyword, vm] = line.split('|') as [string, string, string, string];
    const t = parseInt(tag, 16);
    exact.set(t, { vr, keyword, vm });
    byKeyword.set(keyword, t);
  }
  ranges = STANDARD_DICTIONARY_RANGES.split('\n').map((line) => {
    const [spec, vr, keyword, vm] = line.split('|') as [string, string, string, string];
    const m = /^([0-9A-F]{4})-([0-9A-F]{4})([eou]),([0-9A-F]{4})-([0-9A-F]{4})([eou])$/.exec(spec)!;
    return {
      g1: parseInt(m[1]!, 16),
      g2: parseInt(m[2]!, 16),
      gr: m[3]!,
      e1: parseInt(m[4]!, 16),
      e2: parseInt(m[5]!, 16),
      er: m[6]!,
      vr,
      keyword,
      vm,
    };
  });
}

function inRange(v: number, lo: number, hi: number, restriction: string): boolean {
  if (v < lo || v > hi) return false;
  return restriction === 'u' || (restriction === 'e' ? v % 2 === 0 : v % 2 === 1);
}

/** The PS3.6 entry for a tag (`0xGGGGEEEE`), including repeating groups such as 60xx overlays. */
export function lookupTag(tag: number): DictionaryEntry | undefined {
  if (!exact) load();
  const hit = exact!.get(tag);
  if (hit) return hit;
  const group = tag >>> 16;
  const element = tag & 0xffff;
  // Private groups are odd: only the generic private-creator/length entries apply to them.
  for (const r of ranges!) {
    if (inRange(group, r.g1, r.g2, r.gr) && inRange(element, r.e1, r.e2, r.er)) return r;
  }
  return undefined;
}

let privateVrs: Map<string, string> | undefined;

/**
 * VR of a private element from the vendors' published dictionaries (as dcmtk ships them):
 * `group`, the Private Creator value that reserved the block, and the element's low byte.
 */
export function lookupPrivateVr(group: number, creator: string, elementLow: number): string | undefined {
  if (!privateVrs) {
    privateVrs = new Map();
    for (const line of PRIVATE_DICTIONARY.split('\n')) {
      const [g, c, e, vr] = line.split('|') as [string, string, string, string];
      privateVrs.set(`${g}|${c}|${e}`, vr);
    }
  }
  const key = `${group.toString(16).toUpperCase().padStart(4, '0')}|${creator}|${elementLow.toString(16).toUpperCase().padStart(2, '0')}`;
  return privateVrs.get(key);
}

/** Tag number of a PS3.6 keyword, e.g. `PatientName` → 0x00100010. */
export function tagForKeyword(keyword: string): number | undefined {
  if (!byKeyword) load();
  return byKeyword!.get(keyword);
}

/** `0x00100010` → `"00100010"`, the DICOM JSON key form (PS3.18 F.2.1.1: uppercase hex). */
export function tagToKey(tag: number): string {
  return (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
}
