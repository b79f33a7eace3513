/** Deterministic PRNG (mulberry32) so a failing fuzz case can be replayed from its seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Mutation = 'truncate' | 'flip-bytes' | 'absurd-length' | 'garbage-tail';

/** Offsets of plausible element length fields (explicit VR): after a 2-letter VR. */
function lengthFieldOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 132; i + 8 < Math.min(bytes.length, 1 << 16); i++) {
    const a = bytes[i + 4]!;
    const b = bytes[i + 5]!;
    if (a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a) out.push(i + 6);
  }
  return out;
}

/** One mutation of a real file: truncated, bytes flipped, a length made absurd, or garbage appended. */
export function mutateDicom(original: Uint8Array, mutation: Mutation, random: () => number): Uint8Array {
  const bytes = original.slice();
  const headerEnd = Math.min(bytes.length, 4096);
  switch (mutation) {
    case 'truncate':
      return bytes.subarray(0, Math.floor(random() * bytes.length));
    case 'flip-bytes': {
      const n = 1 + Math.floor(random() * 16);
      for (let k = 0; k < n; k++) {
        const at = Math.floor(random() * headerEnd);
        bytes[at] = bytes[at]! ^ (1 + Math.floor(random() * 255));
      }
      return bytes;
    }
    case 'absurd-length': {
      const fields = lengthFieldOffsets(bytes);
      const at = fields.length ? fields[Math.floor(random() * fields.length)]! : 140;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const absurd = [0xffff, 0xfffe, 0x7fffffff, 0xfffffff0, 0xffffffff][Math.floor(random() * 5)]!;
      if (at + 6 <= bytes.length) {
        if (absurd > 0xffff) view.setUint32(at + 2, absurd, true);
        else view.setUint16(at, absurd, true);
      }
      return bytes;
    }
    case 'garbage-tail': {
      const cut = Math.floor(random() * bytes.length);
      const out = new Uint8Array(cut + 512);
      out.set(bytes.subarray(0, cut));
      for (let i = cut; i < out.length; i++) out[i] = Math.floor(random() * 256);
      return out;
    }
  }
}
