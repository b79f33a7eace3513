/**
 * A JPEG baseline stream of a DICOM image whose Photometric Interpretation is RGB holds RGB
 * samples (PS3.5 8.2.1: no colour transform). Without a JFIF or Adobe marker, libjpeg guesses
 * YCbCr from component ids 1,2,3 and converts. Renaming the components 'R','G','B' (libjpeg's
 * own rule for RGB streams, in the frame header and every scan header) makes it decode as stored.
 * Returns the stream unchanged when it carries a JFIF/Adobe marker (those say what it is).
 */
export function markJpegAsRgb(stream: Uint8Array): Uint8Array {
  if (stream[0] !== 0xff || stream[1] !== 0xd8) return stream;
  const ids = new Map<number, number>();
  const out = stream.slice();
  let p = 2;
  while (p + 4 <= out.length) {
    if (out[p] !== 0xff) return stream;
    const marker = out[p + 1]!;
    if (marker === 0xd9) break;
    const length = (out[p + 2]! << 8) | out[p + 3]!;
    const body = p + 4;
    if (marker === 0xe0 || marker === 0xee) return stream; // JFIF (YCbCr) or Adobe (says the transform)
    if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) {
      const n = out[body + 5]!;
      if (n !== 3) return stream;
      for (let c = 0; c < 3; c++) {
        const at = body + 6 + c * 3;
        ids.set(out[at]!, [0x52, 0x47, 0x42][c]!);
        out[at] = [0x52, 0x47, 0x42][c]!;
      }
    }
    if (marker === 0xda) {
      const n = out[body]!;
      for (let c = 0; c < n; c++) {
        const at = body + 1 + c * 2;
        out[at] = ids.get(out[at]!) ?? out[at]!;
      }
      // Entropy-coded data follows; later scans (progressive) would need the same: baseline has one.
      return out;
    }
    p += 2 + length;
  }
  return out;
}
