import { valueText } from './replacementValues';

/**
 * "Clean" (PS3.15 Table E.1-1a C: replace with values of similar meaning known not to contain
 * identifying information): we keep the descriptor's text and blank, character for character,
 * every identifying value this instance itself carries (names and their components, IDs, dates,
 * addresses, accession numbers, institutions...) wherever it appears in it. What no attribute of
 * the instance names (a name typed only into a description) cannot be found this way: the README
 * says so, and Clean options are opt-in.
 */
export class IdentityScrubber {
  private readonly needles = new Set<string>();

  /** Remembers the identifying parts of a value the profile removes or replaces. */
  remember(vr: string, value: Uint8Array | undefined): void {
    const text = valueText(value);
    if (!text) return;
    for (const single of text.split('\\')) {
      const parts = vr === 'PN' ? [single.replace(/\^+/g, ' ').trim(), ...single.split(/[\^=]/)] : [single];
      for (const p of parts) {
        const t = p.trim();
        // Short tokens (initials, "MR", "1") would blank ordinary words: three characters or more.
        if (t.length >= 3 && !/^[0.]+$/.test(t)) this.needles.add(t.toUpperCase());
      }
    }
  }

  /** The value with every remembered identifier replaced by asterisks (case-insensitive, same length). */
  scrub(value: Uint8Array | undefined): Uint8Array | undefined {
    if (!value || this.needles.size === 0) return value;
    const out = value.slice();
    const upper = Uint8Array.from(out, (b) => (b >= 0x61 && b <= 0x7a ? b - 32 : b));
    // Longest first, so a full name is blanked before its components are looked for.
    for (const needle of [...this.needles].sort((a, b) => b.length - a.length)) {
      const n = Uint8Array.from(needle, (c) => c.charCodeAt(0) & 0xff);
      for (let i = 0; i + n.length <= upper.length; i++) {
        let hit = true;
        for (let k = 0; k < n.length && hit; k++) hit = upper[i + k] === n[k];
        if (hit) for (let k = 0; k < n.length; k++) out[i + k] = upper[i + k] = 0x2a;
      }
    }
    return out;
  }
}
