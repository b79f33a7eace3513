/**
 * Sequential DCT JPEG decoder (ITU-T T.81 baseline and extended, Huffman coded) for 8- and
 * 12-bit samples, written for JPEG Extended 12-bit (1.2.840.10008.1.2.4.51), which the 8-bit
 * libjpeg-turbo WASM build refuses. The inverse DCT is the accurate integer ("islow") algorithm
 * of the IJG library, so results match dcmtk's decoder. Components must not be subsampled
 * (12-bit DICOM images are grayscale in practice); progressive and arithmetic coding are refused.
 */

import { buildHuffmanTable, type HuffmanTable } from './huffmanTable';

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15,
  23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

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

/**
 * The 1-D LL&M butterfly of IJG's jidctint.c on 8 values `v[at + k·stride]`; writes the 8
 * unscaled outputs, in natural order, to `out` (each pass then scales them its own way).
 */
function islow1d(v: Float64Array, at: number, stride: number, out: Float64Array): void {
  const i0 = v[at]!, i1 = v[at + stride]!, i2 = v[at + 2 * stride]!, i3 = v[at + 3 * stride]!;
  const i4 = v[at + 4 * stride]!, i5 = v[at + 5 * stride]!, i6 = v[at + 6 * stride]!, i7 = v[at + 7 * stride]!;
  // Even part.
  const z1e = (i2 + i6) * F0_541;
  const tmp2e = z1e - i6 * F1_847;
  const tmp3e = z1e + i2 * F0_765;
  const tmp0e = (i0 + i4) * 2 ** CONST_BITS;
  const tmp1e = (i0 - i4) * 2 ** CONST_BITS;
  const tmp10 = tmp0e + tmp3e, tmp13 = tmp0e - tmp3e, tmp11 = tmp1e + tmp2e, tmp12 = tmp1e - tmp2e;
  // Odd part.
  const z1 = (i7 + i1) * -F0_899;
  const z2 = (i5 + i3) * -F2_562;
  const z5 = (i7 + i3 + i5 + i1) * F1_175;
  const z3 = (i7 + i3) * -F1_961 + z5;
  const z4 = (i5 + i1) * -F0_390 + z5;
  const tmp0 = i7 * F0_298 + z1 + z3;
  const tmp1 = i5 * F2_053 + z2 + z4;
  const tmp2 = i3 * F3_072 + z2 + z3;
  const tmp3 = i1 * F1_501 + z1 + z4;
  out[0] = tmp10 + tmp3;
  out[7] = tmp10 - tmp3;
  out[1] = tmp11 + tmp2;
  out[6] = tmp11 - tmp2;
  out[2] = tmp12 + tmp1;
  out[5] = tmp12 - tmp1;
  out[3] = tmp13 + tmp0;
  out[4] = tmp13 - tmp0;
}

function allAcZero(v: Float64Array, at: number, stride: number): boolean {
  for (let k = 1; k < 8; k++) if (v[at + k * stride] !== 0) return false;
  return true;
}

const butterflyOut = new Float64Array(8);

/** IJG's accurate integer inverse DCT ("islow") of one dequantized block (natural order) into `out`. */
function idctIslow(block: Float64Array, ws: Float64Array, out: Int32Array, outOffset: number, outStride: number, precision: number): void {
  const pass1 = precision === 8 ? 2 : 1;
  const center = 1 << (precision - 1);
  const max = (1 << precision) - 1;
  const tmp = butterflyOut;
  // Pass 1: columns, scaled down by CONST_BITS - PASS1_BITS into the work array.
  for (let c = 0; c < 8; c++) {
    if (allAcZero(block, c, 8)) {
      const dc = block[c]! * 2 ** pass1;
      for (let r = 0; r < 8; r++) ws[r * 8 + c] = dc;
      continue;
    }
    islow1d(block, c, 8, tmp);
    for (let r = 0; r < 8; r++) ws[r * 8 + c] = descale(tmp[r]!, CONST_BITS - pass1);
  }
  // Pass 2: rows, scaled to samples and range-limited around the centre value.
  for (let r = 0; r < 8; r++) {
    const o = outOffset + r * outStride;
    if (allAcZero(ws, r * 8, 1)) {
      const v = Math.min(max, Math.max(0, descale(ws[r * 8]!, pass1 + 3) + center));
      for (let c = 0; c < 8; c++) out[o + c] = v;
      continue;
    }
    islow1d(ws, r * 8, 1, tmp);
    for (let c = 0; c < 8; c++) out[o + c] = Math.min(max, Math.max(0, descale(tmp[c]!, CONST_BITS + pass1 + 3) + center));
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
          const table = buildHuffmanTable(counts, data.slice(q + 17, q + 17 + total));
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
