/** A JPEG Huffman table (ITU-T T.81 Annex C and F.2.2.3) ready for decoding. */
export interface HuffmanTable {
  /** Largest code of each length (1..16), -1 when none; [17] is a sentinel. */
  maxcode: Int32Array;
  /** Index in `values` of the first code of each length. */
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
  /** (length << 8 | value) for every LOOKAHEAD-bit prefix whose code fits; 0 otherwise. */
  fast: Int32Array;
}

/** Bits of the one-lookup fast path. */
export const HUFFMAN_LOOKAHEAD = 9;

/** Builds the decoding tables from a DHT segment's 16 code-length counts and its values. */
export function buildHuffmanTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  const fast = new Int32Array(1 << HUFFMAN_LOOKAHEAD);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    valptr[l] = k;
    mincode[l] = code;
    for (let i = 0; i < counts[l - 1]!; i++, code++, k++) {
      if (l <= HUFFMAN_LOOKAHEAD) {
        const shift = HUFFMAN_LOOKAHEAD - l;
        for (let j = 0; j < 1 << shift; j++) fast[(code << shift) | j] = (l << 8) | values[k]!;
      }
    }
    maxcode[l] = counts[l - 1] ? code - 1 : -1;
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  return { maxcode, valptr, mincode, values, fast };
}
