/**
 * Sequential DCT JPEG decoder (ITU-T T.81 baseline and extended, Huffman coded) for 8- and
 * 12-bit samples, written for JPEG Extended 12-bit (1.2.840.10008.1.2.4.51), which the 8-bit
 * libjpeg-turbo WASM build refuses. The inverse DCT is the accurate integer ("islow") algorithm
 * of the IJG library, so results match dcmtk's decoder. Components must not be subsampled
 * (12-bit DICOM images are grayscale in practice); progressive and arithmetic coding are refused.
 */

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15,
  23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

interface HuffmanTable {
  /** code length (1..16) → [first code, count, index of first value]. */
  maxcode: Int32Array;
  valptr: Int32Array;
  mincode: Int32Array;
  values: Uint8Array;
}

interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  dcTable?: HuffmanTable;
  acTable?: HuffmanTable;
  pred: number;
  /** Decoded samples of this component, blocks of 8×8 laid out in the padded image. */
  out: Int32Array;
}

export interface JpegDctImage {
  width: number;
  height: number;
  precision: number;
  components: number;
  /** Samples, interleaved by component, row-major. */
  samples: Uint16Array;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxcode = new Int32Array(18).fill(-1);
  const valptr = new Int32Array(17);
  const mincode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    valptr[l] = k;
    mincode[l] = code;
    code += counts[l - 1]!;
    k += counts[l - 1]!;
    maxcode[l] = counts[l - 1] ? code - 1 : -1;
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  return { maxcode, valptr, mincode, values };
}

class BitReader {
  private bits = 0;
  private count = 0;
  /** Set when a marker (other than stuffing) was met: the entropy segment is over. */
  marker = 0;
  constructor(
    private readonly data: Uint8Array,
    public pos: number,
  ) {}

  private fill(): void {
    while (this.count <= 24) {
      let byte = 0;
      if (this.marker === 0 && this.pos < this.data.length) {
        byte = this.data[this.pos++]!;
        if (byte === 0xff) {
          const next = this.data[this.pos];
          if (next === 0x00) this.pos++;
          else {
            this.marker = next ?? 0xd9;
            this.pos--;
            byte = 0;
          }
        }
      }
      this.bits = (this.bits << 8) | byte;
      this.count += 8;
    }
  }

  bit(): number {
    if (this.count === 0) this.fill();
    this.count--;
    return (this.bits >>> this.count) & 1;
  }

  receive(n: number): number {
    if (n === 0) return 0;
    if (this.count < n) this.fill();
    this.count -= n;
    return (this.bits >>> this.count) & ((1 << n) - 1);
  }

  decode(table: HuffmanTable): number {
    let code = this.bit();
    let l = 1;
    while (code > table.maxcode[l]!) {
      code = (code << 1) | this.bit();
      if (++l > 16) throw new Error('bad Huffman code');
    }
    return table.values[table.valptr[l]! + code - table.mincode[l]!]!;
  }

  /** Restart marker: drop remaining bits, skip the RSTn marker. */
  restart(): void {
    this.bits = 0;
    this.count = 0;
    if (this.marker >= 0xd0 && this.marker <= 0xd7) {
      this.pos += 2;
      this.marker = 0;
    }
  }
}

const extend = (v: number, t: number): number => (v < 1 << (t - 1) ? v - (1 << t) + 1 : v);

// jidctint.c constants (CONST_BITS = 13).
const CONST_BITS = 13;
const F0_298 = 2446;
const F0_390 = 3196;
const F0_541 = 4433;
const F0_765 = 6270;
const F0_899 = 7373;
const F1_175 = 9633;
const F1_501 = 12299;
const F1_847 = 15137;
const F1_961 = 16069;
const F2_053 = 16819;
const F2_562 = 20995;
const F3_072 = 25172;

/** Arithmetic right shift with rounding, on doubles (exact for the magnitudes involved). */
const descale = (x: number, n: number): number => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

/** IJG's accurate integer inverse DCT of one dequantized block (natural order) into `out`. */
function idctIslow(block: Float64Array, ws: Float64Array, out: Int32Array, outOffset: number, outStride: number, precision: number): void {
  const pass1 = precision === 8 ? 2 : 1;
  const center = 1 << (precision - 1);
  const max = (1 << precision) - 1;
  for (let c = 0; c < 8; c++) {
    const i0 = block[c]!, i1 = block[8 + c]!, i2 = block[16 + c]!, i3 = block[24 + c]!, i4 = block[32 + c]!, i5 = block[40 + c]!, i6 = block[48 + c]!, i7 = block[56 + c]!;
    if (i1 === 0 && i2 === 0 && i3 === 0 && i4 === 0 && i5 === 0 && i6 === 0 && i7 === 0) {
      const dc = i0 * 2 ** pass1;
      for (let r = 0; r < 8; r++) ws[r * 8 + c] = dc;
      continue;
    }
    let z1 = (i2 + i6) * F0_541;
    let tmp2 = z1 - i6 * F1_847;
    let tmp3 = z1 + i2 * F0_765;
    let tmp0 = (i0 + i4) * 2 ** CONST_BITS;
    let tmp1 = (i0 - i4) * 2 ** CONST_BITS;
    const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    tmp0 = i7;
    tmp1 = i5;
    tmp2 = i3;
    tmp3 = i1;
    z1 = tmp0 + tmp3;
    let z2 = tmp1 + tmp2;
    let z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * F1_175;
    tmp0 *= F0_298;
    tmp1 *= F2_053;
    tmp2 *= F3_072;
    tmp3 *= F1_501;
    z1 *= -F0_899;
    z2 *= -F2_562;
    z3 = z3 * -F1_961 + z5;
    z4 = z4 * -F0_390 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    const n = CONST_BITS - pass1;
    ws[c] = descale(tmp10 + tmp3, n);
    ws[56 + c] = descale(tmp10 - tmp3, n);
    ws[8 + c] = descale(tmp11 + tmp2, n);
    ws[48 + c] = descale(tmp11 - tmp2, n);
    ws[16 + c] = descale(tmp12 + tmp1, n);
    ws[40 + c] = descale(tmp12 - tmp1, n);
    ws[24 + c] = descale(tmp13 + tmp0, n);
    ws[32 + c] = descale(tmp13 - tmp0, n);
  }
  const clamp = (v: number): number => (v < 0 ? 0 : v > max ? max : v);
  for (let r = 0; r < 8; r++) {
    const w = r * 8;
    const o = outOffset + r * outStride;
    const i0 = ws[w]!, i1 = ws[w + 1]!, i2 = ws[w + 2]!, i3 = ws[w + 3]!, i4 = ws[w + 4]!, i5 = ws[w + 5]!, i6 = ws[w + 6]!, i7 = ws[w + 7]!;
    const n = CONST_BITS + pass1 + 3;
    if (i1 === 0 && i2 === 0 && i3 === 0 && i4 === 0 && i5 === 0 && i6 === 0 && i7 === 0) {
      const v = clamp(descale(i0, pass1 + 3) + center);
      for (let c = 0; c < 8; c++) out[o + c] = v;
      continue;
    }
    let z1 = (i2 + i6) * F0_541;
    let tmp2 = z1 - i6 * F1_847;
    let tmp3 = z1 + i2 * F0_765;
    let tmp0 = (i0 + i4) * 2 ** CONST_BITS;
    let tmp1 = (i0 - i4) * 2 ** CONST_BITS;
    const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    tmp0 = i7;
    tmp1 = i5;
    tmp2 = i3;
    tmp3 = i1;
    z1 = tmp0 + tmp3;
    let z2 = tmp1 + tmp2;
    let z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * F1_175;
    tmp0 *= F0_298;
    tmp1 *= F2_053;
    tmp2 *= F3_072;
    tmp3 *= F1_501;
    z1 *= -F0_899;
    z2 *= -F2_562;
    z3 = z3 * -F1_961 + z5;
    z4 = z4 * -F0_390 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    out[o] = clamp(descale(tmp10 + tmp3, n) + center);
    out[o + 7] = clamp(descale(tmp10 - tmp3, n) + center);
    out[o + 1] = clamp(descale(tmp11 + tmp2, n) + center);
    out[o + 6] = clamp(descale(tmp11 - tmp2, n) + center);
    out[o + 2] = clamp(descale(tmp12 + tmp1, n) + center);
    out[o + 5] = clamp(descale(tmp12 - tmp1, n) + center);
    out[o + 3] = clamp(descale(tmp13 + tmp0, n) + center);
    out[o + 4] = clamp(descale(tmp13 - tmp0, n) + center);
  }
}

/**
 * Decodes a sequential DCT Huffman JPEG codestream (SOF0/SOF1). `expected` (the data set's
 * size) is checked before any image memory is allocated, so a damaged frame header cannot ask for gigabytes.
 */
export function decodeJpegDct(data: Uint8Array, expected?: { width: number; height: number }): JpegDctImage {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new Error('not a JPEG stream (no SOI)');
  const quant: Float64Array[] = [];
  const dcTables: HuffmanTable[] = [];
  const acTables: HuffmanTable[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let precision = 8;
  let restartInterval = 0;
  let blocksWide = 0;
  let blocksHigh = 0;
  let p = 2;
  const u16 = (at: number): number => (data[at]! << 8) | data[at + 1]!;
  while (p + 4 <= data.length) {
    if (data[p] !== 0xff) {
      p++;
      continue;
    }
    const marker = data[p + 1]!;
    if (marker === 0xff || marker === 0x00) {
      p++;
      continue;
    }
    if (marker === 0xd9) break;
    const length = u16(p + 2);
    const body = p + 4;
    const end = p + 2 + length;
    if (end > data.length) throw new Error(`marker FF${marker.toString(16)} runs past the end of the stream`);
    switch (marker) {
      case 0xdb: // DQT
        for (let q = body; q < end; ) {
          const pq = data[q]! >> 4;
          const tq = data[q]! & 15;
          const table = new Float64Array(64);
          for (let i = 0; i < 64; i++) table[ZIGZAG[i]!] = pq ? u16(q + 1 + i * 2) : data[q + 1 + i]!;
          quant[tq] = table;
          q += 1 + 64 * (pq ? 2 : 1);
        }
        break;
      case 0xc4: // DHT
        for (let q = body; q < end; ) {
          const tc = data[q]! >> 4;
          const th = data[q]! & 15;
          const counts = data.subarray(q + 1, q + 17);
          const total = counts.reduce((a, b) => a + b, 0);
          const table = buildHuffman(counts, data.slice(q + 17, q + 17 + total));
          (tc === 0 ? dcTables : acTables)[th] = table;
          q += 17 + total;
        }
        break;
      case 0xdd:
        restartInterval = u16(body);
        break;
      case 0xc0:
      case 0xc1: {
        precision = data[body]!;
        height = u16(body + 1);
        width = u16(body + 3);
        const n = data[body + 5]!;
        components = Array.from({ length: n }, (_, i) => ({
          id: data[body + 6 + i * 3]!,
          h: data[body + 7 + i * 3]! >> 4,
          v: data[body + 7 + i * 3]! & 15,
          tq: data[body + 8 + i * 3]!,
          pred: 0,
          out: new Int32Array(0),
        }));
        if (components.some((c) => c.h !== components[0]!.h || c.v !== components[0]!.v)) throw new Error('subsampled components are not supported by the 12-bit decoder');
        if (expected && (width !== expected.width || height !== expected.height)) {
          throw new Error(`codestream is ${width}×${height}, the data set says ${expected.width}×${expected.height}`);
        }
        if (n < 1 || n > 4 || precision < 2 || precision > 16) throw new Error(`implausible frame header (${n} components, ${precision}-bit)`);
        blocksWide = Math.ceil(width / 8);
        blocksHigh = Math.ceil(height / 8);
        for (const c of components) c.out = new Int32Array(blocksWide * 8 * blocksHigh * 8);
        break;
      }
      case 0xc2:
      case 0xc3:
      case 0xc9:
      case 0xca:
      case 0xcb:
        throw new Error(`JPEG process SOF${(marker - 0xc0).toString(16)} is not sequential Huffman DCT`);
      case 0xda: {
        const n = data[body]!;
        const scan = Array.from({ length: n }, (_, i) => {
          const c = components.find((x) => x.id === data[body + 1 + i * 2])!;
          if (!c) throw new Error('scan names an unknown component');
          c.dcTable = dcTables[data[body + 2 + i * 2]! >> 4];
          c.acTable = acTables[data[body + 2 + i * 2]! & 15];
          c.pred = 0;
          return c;
        });
        const reader = new BitReader(data, end);
        const block = new Float64Array(64);
        const ws = new Float64Array(64);
        const stride = blocksWide * 8;
        const mcus = blocksWide * blocksHigh;
        for (let m = 0; m < mcus; m++) {
          if (restartInterval && m > 0 && m % restartInterval === 0) {
            reader.restart();
            for (const c of scan) c.pred = 0;
          }
          const bx = m % blocksWide;
          const by = Math.floor(m / blocksWide);
          for (const c of scan) {
            if (!c.dcTable || !c.acTable) throw new Error('missing Huffman table');
            const q = quant[c.tq];
            if (!q) throw new Error('missing quantization table');
            block.fill(0);
            const t = reader.decode(c.dcTable);
            c.pred += t ? extend(reader.receive(t), t) : 0;
            block[0] = c.pred * q[0]!;
            for (let k = 1; k < 64; ) {
              const rs = reader.decode(c.acTable);
              const r = rs >> 4;
              const s = rs & 15;
              if (s) {
                k += r;
                if (k > 63) throw new Error('AC coefficient index out of range');
                const z = ZIGZAG[k]!;
                block[z] = extend(reader.receive(s), s) * q[z]!;
                k++;
              } else if (r === 15) k += 16;
              else break;
            }
            idctIslow(block, ws, c.out, by * 8 * stride + bx * 8, stride, precision);
          }
        }
        // Continue after the entropy-coded segment (at the marker that ended it).
        p = reader.pos;
        while (p + 1 < data.length && !(data[p] === 0xff && data[p + 1] !== 0 && !(data[p + 1]! >= 0xd0 && data[p + 1]! <= 0xd7))) p++;
        continue;
      }
      default:
        break;
    }
    p = end;
  }
  if (components.length === 0) throw new Error('no frame header (SOF) in the stream');
  const samples = new Uint16Array(width * height * components.length);
  const stride = blocksWide * 8;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < components.length; c++) samples[(y * width + x) * components.length + c] = components[c]!.out[y * stride + x]!;
  return { width, height, precision, components: components.length, samples };
}
