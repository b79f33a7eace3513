/**
 * JPEG Lossless decoder (ITU-T T.81 Annex H, process 14, all predictors and point transform),
 * for JPEG Lossless (1.2.840.10008.1.2.4.57) and Lossless SV1 (.70). Written for speed:
 * Huffman codes up to 9 bits decode with one table lookup, and the whole scan is one loop over
 * local variables. Components must not be subsampled (DICOM's lossless images are grayscale or
 * RGB with one sample per component and MCU).
 */

import { buildHuffmanTable, HUFFMAN_LOOKAHEAD, type HuffmanTable } from './huffmanTable';

export interface LosslessImage {
  width: number;
  height: number;
  precision: number;
  components: number;
  /** Samples interleaved by component, row-major. */
  samples: Uint16Array;
}

/** Decodes a JPEG lossless codestream. `expected` is checked before image memory is allocated. */
export function decodeJpegLossless(data: Uint8Array, expected?: { width: number; height: number }): LosslessImage {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new Error('not a JPEG stream (no SOI)');
  const tables: HuffmanTable[] = [];
  let width = 0;
  let height = 0;
  let precision = 0;
  let ncomp = 0;
  let componentIds: number[] = [];
  let restartInterval = 0;
  let p = 2;
  const u16 = (at: number): number => (data[at]! << 8) | data[at + 1]!;
  while (p + 4 <= data.length) {
    if (data[p] !== 0xff) {
      p++;
      continue;
    }
    const marker = data[p + 1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    const length = u16(p + 2);
    const body = p + 4;
    const end = p + 2 + length;
    if (end > data.length) throw new Error(`marker FF${marker.toString(16)} runs past the end of the stream`);
    if (marker === 0xc4) {
      for (let q = body; q < end; ) {
        const th = data[q]! & 15;
        const counts = data.subarray(q + 1, q + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        tables[th] = buildHuffmanTable(counts, data.slice(q + 17, q + 17 + total));
        q += 17 + total;
      }
    } else if (marker === 0xdd) restartInterval = u16(body);
    else if (marker === 0xc3) {
      precision = data[body]!;
      height = u16(body + 1);
      width = u16(body + 3);
      ncomp = data[body + 5]!;
      componentIds = Array.from({ length: ncomp }, (_, i) => data[body + 6 + i * 3]!);
      for (let i = 0; i < ncomp; i++) if (data[body + 7 + i * 3] !== 0x11) throw new Error('subsampled components are not supported');
      if (expected && (width !== expected.width || height !== expected.height)) {
        throw new Error(`codestream is ${width}×${height}, the data set says ${expected.width}×${expected.height}`);
      }
      if (ncomp < 1 || ncomp > 4 || precision < 2 || precision > 16) throw new Error(`implausible frame header (${ncomp} components, ${precision}-bit)`);
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new Error(`not a lossless JPEG (SOF${(marker - 0xc0).toString(16)})`);
    } else if (marker === 0xda) {
      if (!precision) throw new Error('scan before the frame header');
      const ns = data[body]!;
      if (ns !== ncomp) throw new Error('non-interleaved lossless scans are not supported');
      const scanTables = Array.from({ length: ns }, (_, i) => {
        if (data[body + 1 + i * 2] !== componentIds[i]) throw new Error('scan components out of order');
        const t = tables[data[body + 2 + i * 2]! >> 4];
        if (!t) throw new Error('missing Huffman table');
        return t;
      });
      const predictor = data[body + 1 + ns * 2]!;
      const pointTransform = data[body + 3 + ns * 2]! & 15;
      if (predictor < 1 || predictor > 7) throw new Error(`predictor ${predictor} is not 1–7`);
      const samples = new Uint16Array(width * height * ncomp);
      decodeScan(data, end, samples, width, height, ncomp, scanTables, predictor, precision, pointTransform, restartInterval);
      return { width, height, precision, components: ncomp, samples };
    }
    p = end;
  }
  throw new Error('no scan in the stream');
}

function decodeScan(
  data: Uint8Array,
  start: number,
  out: Uint16Array,
  width: number,
  height: number,
  ncomp: number,
  tables: HuffmanTable[],
  predictor: number,
  precision: number,
  pt: number,
  restartInterval: number,
): void {
  let pos = start;
  let bits = 0; // bit buffer, the next `count` bits are its low bits
  let count = 0;
  let markerHit = false;
  const length = data.length;
  const initial = 1 << (precision - pt - 1);
  const rowStride = width * ncomp;
  const mask = 0xffff;
  let mcusLeft = restartInterval || Number.POSITIVE_INFINITY;
  let firstRowOfRestart = true;
  let firstPixelOfRestart = true;

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mcusLeft === 0) {
        // Restart marker: byte-align, skip RSTn, predictions start afresh.
        count = 0;
        bits = 0;
        if (markerHit || (data[pos] === 0xff && data[pos + 1]! >= 0xd0 && data[pos + 1]! <= 0xd7)) pos += 2;
        markerHit = false;
        mcusLeft = restartInterval;
        firstRowOfRestart = true;
        firstPixelOfRestart = true;
      }
      mcusLeft--;
      for (let c = 0; c < ncomp; c++) {
        // Refill to at least 25 bits.
        while (count <= 24) {
          let byte = 0;
          if (!markerHit && pos < length) {
            byte = data[pos++]!;
            if (byte === 0xff) {
              const next = data[pos];
              if (next === 0) pos++;
              else {
                markerHit = true;
                pos--;
                byte = 0;
              }
            }
          }
          bits = ((bits << 8) | byte) >>> 0;
          count += 8;
        }
        const table = tables[c]!;
        const peek = (bits >>> (count - HUFFMAN_LOOKAHEAD)) & ((1 << HUFFMAN_LOOKAHEAD) - 1);
        let t: number;
        const hit = table.fast[peek]!;
        if (hit !== 0) {
          count -= hit >> 8;
          t = hit & 0xff;
        } else {
          let l = HUFFMAN_LOOKAHEAD + 1;
          let code = (bits >>> (count - l)) & ((1 << l) - 1);
          while (code > table.maxcode[l]!) {
            l++;
            if (l > 16) throw new Error('bad Huffman code');
            code = (bits >>> (count - l)) & ((1 << l) - 1);
          }
          count -= l;
          t = table.values[table.valptr[l]! + code - table.mincode[l]!]!;
        }
        let diff: number;
        if (t === 0) diff = 0;
        else if (t === 16) diff = 32768;
        else {
          if (count < t) {
            // Rare: a long code and a long difference; refill once more (t ≤ 15, count ≥ 9 here).
            let byte = 0;
            if (!markerHit && pos < length) {
              byte = data[pos++]!;
              if (byte === 0xff) {
                if (data[pos] === 0) pos++;
                else {
                  markerHit = true;
                  pos--;
                  byte = 0;
                }
              }
            }
            bits = ((bits << 8) | byte) >>> 0;
            count += 8;
          }
          count -= t;
          const v = (bits >>> count) & ((1 << t) - 1);
          diff = v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
        }
        const i = y * rowStride + x * ncomp + c;
        let pred: number;
        if (firstPixelOfRestart) pred = initial;
        else if (firstRowOfRestart) pred = out[i - ncomp]!;
        else if (x === 0) pred = out[i - rowStride]!;
        else {
          const ra = out[i - ncomp]!;
          const rb = out[i - rowStride]!;
          switch (predictor) {
            case 1:
              pred = ra;
              break;
            case 2:
              pred = rb;
              break;
            case 3:
              pred = out[i - rowStride - ncomp]!;
              break;
            case 4:
              pred = ra + rb - out[i - rowStride - ncomp]!;
              break;
            case 5:
              pred = ra + ((rb - out[i - rowStride - ncomp]!) >> 1);
              break;
            case 6:
              pred = rb + ((ra - out[i - rowStride - ncomp]!) >> 1);
              break;
            default:
              pred = (ra + rb) >> 1;
          }
        }
        out[i] = (pred + diff) & mask;
      }
      firstPixelOfRestart = false;
      if (x === width - 1) firstRowOfRestart = false;
    }
  }
  if (pt > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i]! << pt) & mask;
}
