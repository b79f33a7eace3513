/** Encapsulated pixel data fragments (absolute offset in the file, length). */
export interface Fragment {
  offset: number;
  length: number;
}

/** Codestream start markers: JPEG/JPEG-LS SOI (FFD8), JPEG 2000 / HTJ2K SOC (FF4F). */
function startsFrame(head: Uint8Array | undefined): boolean {
  return !!head && head[0] === 0xff && (head[1] === 0xd8 || head[1] === 0x4f);
}

/**
 * Groups fragments into frames (PS3.5 A.4): by the Extended Offset Table if given, else the Basic
 * Offset Table, else one fragment per frame when the counts agree, all fragments for a single
 * frame, or — fragments without a table — by codestream start markers (`heads` holds the first
 * two bytes of each fragment).
 */
export function groupFragmentsIntoFrames(
  fragments: Fragment[],
  numberOfFrames: number,
  tables: { basicOffsetTable?: number[]; extendedOffsetTable?: number[]; heads?: Uint8Array[] },
): Fragment[][] {
  if (fragments.length === 0) return [];
  const table = tables.extendedOffsetTable ?? tables.basicOffsetTable;
  const first = fragments[0]!.offset - 8;
  if (table && table.length === numberOfFrames) {
    // Offsets are relative to the first fragment's item tag.
    const starts = table.map((t) => first + t);
    return starts.map((start, i) => {
      const end = starts[i + 1] ?? Number.POSITIVE_INFINITY;
      return fragments.filter((f) => f.offset - 8 >= start && f.offset - 8 < end);
    });
  }
  if (numberOfFrames === 1) return [fragments];
  if (fragments.length === numberOfFrames) return fragments.map((f) => [f]);
  const heads = tables.heads;
  if (heads && heads.length === fragments.length) {
    const frames: Fragment[][] = [];
    fragments.forEach((f, i) => {
      if (startsFrame(heads[i]) || frames.length === 0) frames.push([f]);
      else frames[frames.length - 1]!.push(f);
    });
    if (frames.length === numberOfFrames) return frames;
  }
  throw new Error(`cannot tell which of ${fragments.length} fragments make up each of ${numberOfFrames} frames (no offset table)`);
}

/** Concatenates a frame's fragments into one codestream. */
export function joinFragments(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
  return joined;
}
