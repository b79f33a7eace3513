import type { DeidentifyOption } from './deidentifyOptions';
import { shiftDateValue } from './dateShift';
import type { IdentityScrubber } from './identityScrubber';
import { effectiveAction, profileRow, type ProfileAction } from './profileTable';
import type { RawElement } from './rawElementTree';
import { DATE_TIME_VRS, FREE_TEXT_VRS, dummyValue, replaceUidValue, valueText, type KeyedHash } from './replacementValues';
import { isSafePrivateAttribute } from './safePrivateAttributes';

/** Inside a sequence the profile replaces (D) or cleans (C) as a whole, free text is dummied or scrubbed. */
type SequenceMode = 'normal' | 'dummy' | 'clean';

export interface ElementRules {
  options: ReadonlySet<DeidentifyOption>;
  hash: KeyedHash;
  /** Days to move dates back (Modified Dates), else undefined. */
  dateOffsetDays?: number;
}

/**
 * Attributes of coded entries (PS3.3 8.8): kept inside dummied or cleaned sequences, where they
 * carry the meaning (concept names, units, relationship) rather than identity.
 */
const CODE_TAGS = new Set([0x00080100, 0x00080102, 0x00080103, 0x00080104, 0x00080105, 0x00080106, 0x0008010f, 0x00080117, 0x00080119, 0x00080120]);

const OVERLAY_DATA = 0x60003000;
const OVERLAY_COMMENTS = 0x60004000;

/**
 * The combined actions of Table E.1-1a pick the least removal that any IOD could need, since we do
 * not look up the attribute's Type in each IOD: X/Z → Z, X/D, Z/D and X/Z/D → D, X/Z/U* → keep the
 * sequence and replace the UIDs in it. Emptying or dummying what the IOD might have allowed us to
 * remove protects as much and never breaks a Type 1 or 2 requirement (dciodvfy stays clean).
 */
function resolveCombined(action: ProfileAction): 'X' | 'Z' | 'D' | 'U' | 'K' | 'C' | 'U*' {
  switch (action) {
    case 'X/Z':
      return 'Z';
    case 'X/D':
    case 'Z/D':
    case 'X/Z/D':
      return 'D';
    case 'X/Z/U*':
      return 'U*';
    default:
      return action;
  }
}

/** The action for a standard tag under the options, or undefined for attributes the table does not list. */
export function actionFor(tag: number, options: ReadonlySet<DeidentifyOption>): ProfileAction | undefined {
  const row = profileRow(tag);
  return row ? effectiveAction(row, options) : undefined;
}

function isOverlayGroup(group: number): boolean {
  return group >= 0x6000 && group <= 0x601e && group % 2 === 0;
}

/** Remembers, before anything is rewritten, every identifying value the instance carries (for Clean). */
export function collectIdentifiers(elements: RawElement[], rules: ElementRules, scrubber: IdentityScrubber): void {
  for (const el of elements) {
    if (el.items) {
      for (const item of el.items) collectIdentifiers(item, rules, scrubber);
      continue;
    }
    if ((el.tag >>> 16) % 2 === 1) continue;
    const action = actionFor(el.tag, rules.options);
    // What the profile removes or replaces is identifying by the table's own judgement; what it
    // keeps or cleans is not remembered (a description must not blank itself).
    if (action && /^[XZD]/.test(action) && (FREE_TEXT_VRS.has(el.vr) || el.vr === 'DA' || el.vr === 'DT' || el.vr === 'AE')) scrubber.remember(el.vr, el.value);
  }
}

/** Private creators (gggg,0010-00FF) of a data set: block number → creator. */
function privateCreators(elements: RawElement[]): Map<number, string> {
  const creators = new Map<number, string>();
  for (const el of elements) {
    const group = el.tag >>> 16;
    const element = el.tag & 0xffff;
    if (group % 2 === 1 && element >= 0x10 && element <= 0xff) creators.set((group << 8) | element, valueText(el.value));
  }
  return creators;
}

export class ElementDeidentifier {
  constructor(
    private readonly rules: ElementRules,
    private readonly scrubber: IdentityScrubber,
  ) {}

  /** Applies the profile to one data set (a file's, or an item's) and, through its sequences, every depth. */
  dataset(elements: RawElement[], mode: SequenceMode = 'normal'): RawElement[] {
    const out: RawElement[] = [];
    const keptPrivate = this.rules.options.has('retain-safe-private') ? this.safePrivate(elements) : new Set<number>();
    // An overlay whose data or comments go loses its whole group: an Overlay Plane without Overlay
    // Data (Type 1, PS3.3 C.9.2) would be a broken module, and its origin and labels say nothing alone.
    const droppedOverlays = new Set<number>();
    for (const el of elements) {
      const base = (el.tag & 0xff00ffff) >>> 0;
      if (isOverlayGroup(el.tag >>> 16) && (base === OVERLAY_DATA || base === OVERLAY_COMMENTS) && actionFor(el.tag, this.rules.options) === 'X') droppedOverlays.add(el.tag >>> 16);
    }
    for (const el of elements) {
      const group = el.tag >>> 16;
      if (group % 2 === 1) {
        if (keptPrivate.has(el.tag)) out.push(el.items ? { ...el, items: el.items.map((i) => this.dataset(i, mode)) } : el);
        continue;
      }
      if (droppedOverlays.has(group)) continue;
      const replaced = this.element(el, mode);
      if (replaced) out.push(replaced);
    }
    return out;
  }

  /** The private elements Retain Safe Private keeps (Table E.3.10-1), with the creators that reserve them. */
  private safePrivate(elements: RawElement[]): Set<number> {
    const creators = privateCreators(elements);
    const kept = new Set<number>();
    for (const el of elements) {
      const group = el.tag >>> 16;
      const element = el.tag & 0xffff;
      if (group % 2 === 0 || element < 0x1000) continue;
      const block = element >>> 8;
      const creator = creators.get((group << 8) | block);
      if (creator !== undefined && isSafePrivateAttribute(group, creator, element & 0xff)) {
        kept.add(el.tag);
        kept.add(((group << 16) | block) >>> 0);
      }
    }
    return kept;
  }

  private element(el: RawElement, mode: SequenceMode): RawElement | undefined {
    const action = actionFor(el.tag, this.rules.options);
    if (action === undefined) return this.unlisted(el, mode);
    const resolved = resolveCombined(action);
    switch (resolved) {
      case 'X':
        return undefined;
      case 'Z':
        return el.items ? { tag: el.tag, vr: 'SQ', items: [] } : { tag: el.tag, vr: el.vr, value: new Uint8Array(0) };
      case 'D':
        if (el.items) return { ...el, items: el.items.map((i) => this.dataset(i, mode === 'clean' ? 'clean' : 'dummy')) };
        if (el.encapsulated) return el;
        return { tag: el.tag, vr: el.vr, value: el.vr === 'UI' ? replaceUidValue(el.value, this.rules.hash) : dummyValue(el.vr) };
      case 'U':
        return el.items ? { ...el, items: el.items.map((i) => this.dataset(i, mode)) } : { tag: el.tag, vr: el.vr, value: valueText(el.value) ? replaceUidValue(el.value, this.rules.hash) : el.value! };
      case 'U*':
      case 'K':
        return el.items ? { ...el, items: el.items.map((i) => this.dataset(i, mode)) } : el;
      case 'C':
        return this.clean(el);
    }
  }

  private clean(el: RawElement): RawElement | undefined {
    if (el.items) return { ...el, items: el.items.map((i) => this.dataset(i, 'clean')) };
    if (el.vr === 'DA' || el.vr === 'DT') return this.date(el);
    if (el.vr === 'TM') return this.rules.options.has('modify-dates') || this.rules.options.has('retain-dates') ? el : { tag: el.tag, vr: el.vr, value: dummyValue('TM') };
    if (FREE_TEXT_VRS.has(el.vr) || el.vr === 'CS') return { tag: el.tag, vr: el.vr, value: this.scrubber.scrub(el.value)! };
    return el;
  }

  /** A date the options let us keep (Full Dates) or move (Modified Dates); otherwise a dummy. */
  private date(el: RawElement): RawElement {
    if (this.rules.options.has('retain-dates')) return el;
    if (this.rules.dateOffsetDays !== undefined) {
      const shifted = shiftDateValue(el.value, el.vr as 'DA' | 'DT', this.rules.dateOffsetDays);
      if (shifted) return { tag: el.tag, vr: el.vr, value: shifted };
    }
    return { tag: el.tag, vr: el.vr, value: dummyValue(el.vr) };
  }

  /** Attributes Table E.1-1 does not list: kept, except free text and dates inside dummied or cleaned sequences. */
  private unlisted(el: RawElement, mode: SequenceMode): RawElement | undefined {
    if (el.items) return { ...el, items: el.items.map((i) => this.dataset(i, mode)) };
    if (this.rules.dateOffsetDays !== undefined && (el.vr === 'DA' || el.vr === 'DT')) {
      // Modified Dates moves every date, listed or not, so intervals between any two stay true.
      const shifted = shiftDateValue(el.value, el.vr, this.rules.dateOffsetDays);
      return shifted ? { tag: el.tag, vr: el.vr, value: shifted } : { tag: el.tag, vr: el.vr, value: dummyValue(el.vr) };
    }
    if (mode === 'normal' || CODE_TAGS.has(el.tag)) return el;
    if (DATE_TIME_VRS.has(el.vr)) return valueText(el.value) ? this.clean(el) : el;
    if (!FREE_TEXT_VRS.has(el.vr) || !valueText(el.value)) return el;
    return { tag: el.tag, vr: el.vr, value: mode === 'clean' ? this.scrubber.scrub(el.value)! : dummyValue(el.vr) };
  }
}
