import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { runTool } from './runTool';
import { readDicomFileSync } from '../../electron/node/dicom/readDicomFile';
import { framePixelFormat } from '../../electron/node/imaging/frameSource';

/** The native tool that decodes a transfer syntax: dcmtk where it can, gdcm for JPEG 2000. */
export function referenceToolFor(transferSyntaxUid: string): { cmd: string; args: (input: string, output: string) => string[] } | undefined {
  const ts = transferSyntaxUid;
  if (ts === '1.2.840.10008.1.2.5') return { cmd: 'dcmdrle', args: (i, o) => [i, o] };
  if (['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'].includes(ts)) return { cmd: 'dcmdjpeg', args: (i, o) => [i, o] };
  if (ts === '1.2.840.10008.1.2.4.80' || ts === '1.2.840.10008.1.2.4.81') return { cmd: 'dcmdjpls', args: (i, o) => [i, o] };
  if (ts === '1.2.840.10008.1.2.4.90' || ts === '1.2.840.10008.1.2.4.91') return { cmd: 'gdcmconv', args: (i, o) => ['--raw', i, o] };
  return undefined;
}

export interface ReferenceFrames {
  /** Frame k's little-endian samples, colour interleaved. */
  frame(k: number): Uint8Array;
  photometric: string;
  tool: string;
}

/** Decodes `file` with the native tool into `dir` and gives access to its frames. */
export async function referenceDecode(file: string, transferSyntaxUid: string, dir: string): Promise<ReferenceFrames | undefined> {
  const tool = referenceToolFor(transferSyntaxUid);
  if (!tool) return undefined;
  let out = path.join(dir, `${path.basename(file)}.${tool.cmd}.dcm`);
  let used = tool.cmd;
  try {
    await runTool(tool.cmd, tool.args(file, out));
  } catch (error) {
    // dcmtk refuses some valid streams (e.g. JPEG-LS with 7 bits stored): gdcm is the second oracle.
    if (tool.cmd === 'gdcmconv') throw error;
    out = path.join(dir, `${path.basename(file)}.gdcmconv.dcm`);
    await runTool('gdcmconv', ['--raw', file, out]);
    used = 'gdcmconv';
  }
  const parsed = readDicomFileSync(out);
  const format = framePixelFormat(parsed.dataset);
  const location = parsed.pixelData!;
  return {
    photometric: format.photometricInterpretation,
    tool: used,
    frame(k: number): Uint8Array {
      const fd = openSync(out, 'r');
      try {
        const bytes = new Uint8Array(format.frameBytes);
        readSync(fd, bytes, 0, bytes.length, location.offset + (k - 1) * format.frameBytes);
        if (format.planarConfiguration === 1 && format.samplesPerPixel > 1) {
          // Interleave planes, sample by sample (bytes per sample = bitsAllocated/8).
          const size = format.bitsAllocated / 8;
          const pixels = format.rows * format.columns;
          const out2 = new Uint8Array(bytes.length);
          for (let s = 0; s < format.samplesPerPixel; s++)
            for (let p = 0; p < pixels; p++)
              for (let b = 0; b < size; b++) out2[(p * format.samplesPerPixel + s) * size + b] = bytes[(s * pixels + p) * size + b]!;
          return out2;
        }
        return bytes;
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Largest absolute difference between two sample arrays read as `bitsAllocated`-bit little-endian values. */
export function maxAbsDifference(a: Uint8Array, b: Uint8Array, bitsAllocated: number, signed: boolean): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  const size = bitsAllocated <= 8 ? 1 : 2;
  const va = new DataView(a.buffer, a.byteOffset, a.byteLength);
  const vb = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let max = 0;
  for (let i = 0; i + size <= a.length; i += size) {
    const x = size === 1 ? (signed ? va.getInt8(i) : va.getUint8(i)) : signed ? va.getInt16(i, true) : va.getUint16(i, true);
    const y = size === 1 ? (signed ? vb.getInt8(i) : vb.getUint8(i)) : signed ? vb.getInt16(i, true) : vb.getUint16(i, true);
    max = Math.max(max, Math.abs(x - y));
  }
  return max;
}
