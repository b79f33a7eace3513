/**
 * Specific Character Set (0008,0005) decoding, PS3.3 C.12.1.1.2 and PS3.5 6.1.
 *
 * Single-byte and Unicode/GB sets decode the whole value with TextDecoder. ISO 2022 code
 * extensions switch G0/G1 sets with escape sequences inside the value; every value (and in PN
 * every component group and component) starts again in the initial set, which is why the
 * decoder is given one value at a time.
 */


const SINGLE_BYTE: Record<string, string> = {
  '': 'ascii',
  ISO_IR_6: 'ascii',
  ISO_IR_100: 'latin1',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'iso-8859-9',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_13: 'jis-x0201',
  ISO_IR_166: 'windows-874',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** Escape sequences (PS3.3 Table C.12-3/C.12-4) → the set they designate. */
const ESCAPES: Array<{ seq: number[]; g: 0 | 1; set: string }> = [
  { seq: [0x28, 0x42], g: 0, set: 'ascii' }, // ESC ( B   ISO 2022 IR 6
  { seq: [0x28, 0x4a], g: 0, set: 'jis-roman' }, // ESC ( J   ISO 2022 IR 14 (JIS X 0201 Romaji)
  { seq: [0x29, 0x49], g: 1, set: 'jis-katakana' }, // ESC ) I   ISO 2022 IR 13
  { seq: [0x24, 0x42], g: 0, set: 'jis-x0208' }, // ESC $ B   ISO 2022 IR 87
  { seq: [0x24, 0x28, 0x44], g: 0, set: 'jis-x0212' }, // ESC $ ( D ISO 2022 IR 159
  { seq: [0x24, 0x29, 0x43], g: 1, set: 'ks-x1001' }, // ESC $ ) C ISO 2022 IR 149
  { seq: [0x24, 0x29, 0x41], g: 1, set: 'gb2312' }, // ESC $ ) A ISO 2022 IR 58
  { seq: [0x2d, 0x41], g: 1, set: 'latin1' }, // ESC - A   ISO 2022 IR 100
  { seq: [0x2d, 0x42], g: 1, set: 'iso-8859-2' },
  { seq: [0x2d, 0x43], g: 1, set: 'iso-8859-3' },
  { seq: [0x2d, 0x44], g: 1, set: 'iso-8859-4' },
  { seq: [0x2d, 0x4c], g: 1, set: 'iso-8859-5' },
  { seq: [0x2d, 0x47], g: 1, set: 'iso-8859-6' },
  { seq: [0x2d, 0x46], g: 1, set: 'iso-8859-7' },
  { seq: [0x2d, 0x48], g: 1, set: 'iso-8859-8' },
  { seq: [0x2d, 0x4d], g: 1, set: 'iso-8859-9' },
  { seq: [0x2d, 0x54], g: 1, set: 'windows-874' },
];

/** Initial G0/G1 designation of an `ISO 2022 IR nnn` term. */
const ISO2022_INITIAL: Record<string, { g0: string; g1?: string }> = {
  'ISO 2022 IR 6': { g0: 'ascii' },
  'ISO 2022 IR 100': { g0: 'ascii', g1: 'latin1' },
  'ISO 2022 IR 101': { g0: 'ascii', g1: 'iso-8859-2' },
  'ISO 2022 IR 109': { g0: 'ascii', g1: 'iso-8859-3' },
  'ISO 2022 IR 110': { g0: 'ascii', g1: 'iso-8859-4' },
  'ISO 2022 IR 144': { g0: 'ascii', g1: 'iso-8859-5' },
  'ISO 2022 IR 127': { g0: 'ascii', g1: 'iso-8859-6' },
  'ISO 2022 IR 126': { g0: 'ascii', g1: 'iso-8859-7' },
  'ISO 2022 IR 138': { g0: 'ascii', g1: 'iso-8859-8' },
  'ISO 2022 IR 148': { g0: 'ascii', g1: 'iso-8859-9' },
  'ISO 2022 IR 13': { g0: 'jis-roman', g1: 'jis-katakana' },
  'ISO 2022 IR 166': { g0: 'ascii', g1: 'windows-874' },
  'ISO 2022 IR 87': { g0: 'jis-x0208' },
  'ISO 2022 IR 159': { g0: 'jis-x0212' },
  'ISO 2022 IR 149': { g0: 'ascii', g1: 'ks-x1001' },
  'ISO 2022 IR 58': { g0: 'ascii', g1: 'gb2312' },
};

const decoders = new Map<string, TextDecoder>();
function textDecoder(label: string): TextDecoder {
  let d = decoders.get(label);
  if (!d) {
    d = new TextDecoder(label === 'gb2312' ? 'gbk' : label);
    decoders.set(label, d);
  }
  return d;
}

/**
 * ISO 8859-1 exactly (WHATWG's "latin1" label is windows-1252, which differs at 0x80–0x9F);
 * also the decoding of default-repertoire (ASCII) values, whose bytes it maps one to one.
 */
export function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  if (bytes.length <= 64) {
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

function decodeWith(set: string, bytes: Uint8Array): string {
  switch (set) {
    case 'ascii':
    case 'latin1':
      // Bytes above 0x7F in a default-repertoire value are invalid; latin1 keeps them visible.
      return decodeLatin1(bytes);
    case 'jis-roman':
      return decodeLatin1(bytes).replace(/\\/g, '¥').replace(/~/g, '‾');
    case 'jis-x0201':
    case 'jis-katakana': {
      let s = '';
      for (const b of bytes) s += b >= 0xa1 && b <= 0xdf ? String.fromCharCode(0xff61 + b - 0xa1) : String.fromCharCode(b);
      return s;
    }
    case 'jis-x0208':
      // Two 7-bit bytes per character; EUC-JP is the same code with the high bits set.
      return textDecoder('euc-jp').decode(bytes.map((b) => b | 0x80));
    case 'jis-x0212': {
      const euc: number[] = [];
      for (let i = 0; i + 1 < bytes.length; i += 2) euc.push(0x8f, bytes[i]! | 0x80, bytes[i + 1]! | 0x80);
      return textDecoder('euc-jp').decode(new Uint8Array(euc));
    }
    case 'ks-x1001':
      return textDecoder('euc-kr').decode(bytes);
    default:
      return textDecoder(set).decode(bytes);
  }
}

export interface CharacterSetDecoder {
  /** Decodes one value's bytes (for PN: the whole value; it handles the group/component resets). */
  decode(bytes: Uint8Array, isPersonName?: boolean): string;
  /** Terms not understood: decoded as Latin-1 with a warning. */
  unknownTerms: string[];
}

/** Builds a decoder for the (multi-valued) Specific Character Set of a dataset. */
export function createCharacterSetDecoder(specificCharacterSet: string[] | undefined): CharacterSetDecoder {
  const terms = (specificCharacterSet ?? []).map((t) => t.trim());
  const unknownTerms: string[] = [];
  const usesIso2022 = terms.some((t) => t.startsWith('ISO 2022'));
  if (!usesIso2022) {
    const term = (terms[0] ?? '').replace(/ /g, '_');
    const set = SINGLE_BYTE[term];
    if (set === undefined) unknownTerms.push(terms[0]!);
    const label = set ?? 'latin1';
    return { decode: (bytes) => decodeWith(label, bytes), unknownTerms };
  }
  // PS3.3 C.12.1.1.2: the first value is the initial G0/G1 designation; an empty first value means IR 6.
  const initialTerm = terms[0] === '' ? 'ISO 2022 IR 6' : terms[0]!;
  const initial = ISO2022_INITIAL[initialTerm] ?? { g0: 'ascii' };
  for (const t of terms) if (t !== '' && !ISO2022_INITIAL[t]) unknownTerms.push(t);
  return {
    unknownTerms,
    decode(bytes, isPersonName = false) {
      if (initial.g0 === 'ascii' && bytes.every((b) => b < 0x80 && b !== 0x1b)) return decodeLatin1(bytes);
      let g0 = initial.g0;
      let g1 = initial.g1;
      let out = '';
      let runStart = 0;
      let runSet = '';
      const flush = (end: number): void => {
        if (end > runStart) out += decodeWith(runSet, bytes.subarray(runStart, end));
        runStart = end;
      };
      const setFor = (b: number): string => (b >= 0x80 && g1 ? g1 : g0);
      for (let i = 0; i < bytes.length; ) {
        const b = bytes[i]!;
        if (b === 0x1b) {
          flush(i);
          const esc = ESCAPES.find((e) => e.seq.every((v, k) => bytes[i + 1 + k] === v));
          if (esc) {
            if (esc.g === 0) g0 = esc.set;
            else g1 = esc.set;
            i += 1 + esc.seq.length;
          } else i += 1; // unknown escape: drop the ESC, keep going
          runStart = i;
          runSet = '';
          continue;
        }
        const multiByteG0 = b < 0x80 && (g0 === 'jis-x0208' || g0 === 'jis-x0212');
        // Delimiters reset to the initial sets (PS3.5 6.1.2.5.3); they only appear in a single-byte G0.
        const delimiter = !multiByteG0 && (b === 0x0d || b === 0x0a || b === 0x09 || b === 0x0c || b === 0x5c || (isPersonName && (b === 0x5e || b === 0x3d)));
        if (delimiter) {
          flush(i);
          out += String.fromCharCode(b);
          g0 = initial.g0;
          g1 = initial.g1;
          i += 1;
          runStart = i;
          runSet = '';
          continue;
        }
        const set = setFor(b);
        if (set !== runSet) {
          flush(i);
          runSet = set;
        }
        i += multiByteG0 || (b >= 0x80 && (set === 'ks-x1001' || set === 'gb2312')) ? 2 : 1;
      }
      flush(bytes.length);
      return out;
    },
  };
}
