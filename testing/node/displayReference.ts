import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDicomFileSync } from '../../electron/node/dicom/readDicomFile';
import { decodeFileFrame } from '../../electron/node/imaging/decodeFileFrame';
import { describePixels } from '../../electron/common/dicom/model/pixelDescription';
import { applyGrayscaleLut, buildGrayscaleLut, sampleRange } from '../../electron/common/dicom/display/grayscaleLut';
import { defaultVoi } from '../../electron/common/dicom/display/defaultVoi';
import { toDisplayFrame } from '../../electron/common/dicom/display/displayFrame';
import type { VoiSetting } from '../../electron/common/dicom/display/voiTransform';
import { runTool } from './runTool';

/** An 8-bit rendered image: 1 (gray) or 3 (RGB) channels, rows top to bottom. */
export interface RenderedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

/** How a test asks for a window: the image's default, or a set centre/width (optionally SIGMOID). */
export type WindowRequest = { kind: 'default' } | { kind: 'set'; center: number; width: number; sigmoid?: boolean };

/** Parses binary PGM (P5) / PPM (P6) with maxval 255, as dcmj2pnm writes them. */
export function parsePnm(bytes: Buffer): RenderedImage {
  const header: string[] = [];
  let i = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i]!))) i++;
    if (bytes[i] === 0x23) {
      while (bytes[i] !== 0x0a) i++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[i]!))) token += String.fromCharCode(bytes[i++]!);
    header.push(token);
  }
  i++;
  const [magic, w, h, max] = header as [string, string, string, string];
  if ((magic !== 'P5' && magic !== 'P6') || max !== '255') throw new Error(`unsupported PNM ${magic} max ${max}`);
  const channels = magic === 'P6' ? 3 : 1;
  const width = Number(w);
  const height = Number(h);
  return { width, height, channels, pixels: new Uint8Array(bytes.subarray(i, i + width * height * channels)) };
}

/** dcmtk's rendering of frame 1 (dcmj2pnm; J2K/HTJ2K inputs are first made native by gdcmconv). */
export async function renderWithDcmtk(file: string, request: WindowRequest): Promise<RenderedImage> {
  const parsed = readDicomFileSync(file);
  const desc = describePixels(parsed.dataset);
  const tmp = mkdtempSync(path.join(tmpdir(), 'lightbox-dcmj2pnm-'));
  try {
    let input = file;
    if (parsed.transferSyntaxUid.startsWith('1.2.840.10008.1.2.4.9') || parsed.transferSyntaxUid.startsWith('1.2.840.10008.1.2.4.20')) {
      input = path.join(tmp, 'native.dcm');
      await runTool('gdcmconv', ['--raw', file, input]);
    }
    const voiArgs =
      request.kind === 'set'
        ? ['+Ww', String(request.center), String(request.width), ...(request.sigmoid ? ['+Wfs'] : [])]
        : desc.voiWindows.length
          ? ['+Wi', '1']
          : desc.voiLuts.length
            ? ['+Wl', '1']
            : ['+Wm'];
    const out = await runTool('dcmj2pnm', ['-q', '+F', '1', ...(desc.samplesPerPixel === 1 && desc.photometricInterpretation !== 'PALETTE COLOR' ? voiArgs : []), input]);
    return parsePnm(out);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The VOI a request means for a frame under our pipeline. */
export function voiFor(request: WindowRequest, desc: ReturnType<typeof describePixels>, samples: ArrayLike<number>): VoiSetting {
  if (request.kind === 'default') return defaultVoi(desc, samples);
  return { kind: 'window', center: request.center, width: request.width, fn: request.sigmoid ? 'SIGMOID' : 'LINEAR' };
}

/** Our display pipeline on the CPU for frame 1: the same tables the viewer uploads to the GPU. */
export async function renderWithPipeline(file: string, request: WindowRequest, options: { emulateDcmtkTruncation?: boolean } = {}): Promise<RenderedImage> {
  const parsed = readDicomFileSync(file);
  const desc = describePixels(parsed.dataset);
  const decoded = await decodeFileFrame(file, 1);
  const frame = toDisplayFrame(desc, decoded, file);
  const base = { width: desc.columns, height: desc.rows };
  if (frame.kind === 'rgb') return { ...base, channels: 3, pixels: frame.rgb };
  const voi = voiFor(request, desc, frame.samples);
  if (options.emulateDcmtkTruncation && voi.kind === 'window' && desc.modalityLut.kind === 'rescale') {
    const { slope, intercept } = desc.modalityLut;
    const pixels = new Uint8Array(frame.samples.length);
    const [c, w] = [voi.center, voi.width];
    for (let i = 0; i < pixels.length; i++) {
      const m = Math.trunc(frame.samples[i]! * slope + intercept);
      const y = m <= c - 0.5 - (w - 1) / 2 ? 0 : m > c - 0.5 + (w - 1) / 2 ? 255 : ((m - (c - 0.5)) / (w - 1) + 0.5) * 255;
      pixels[i] = Math.trunc(y);
    }
    return { ...base, channels: 1, pixels };
  }
  const lut = buildGrayscaleLut(desc, voi, sampleRange(frame.samples));
  return { ...base, channels: 1, pixels: applyGrayscaleLut(lut, frame.samples) };
}

/** Share of samples whose difference exceeds `tolerance`, and the largest difference. */
export function compareRendered(a: RenderedImage, b: RenderedImage, tolerance = 1): { beyond: number; maxDiff: number } {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels)
    throw new Error(`size differs: ${a.width}×${a.height}×${a.channels} vs ${b.width}×${b.height}×${b.channels}`);
  let beyond = 0;
  let maxDiff = 0;
  for (let i = 0; i < a.pixels.length; i++) {
    const d = Math.abs(a.pixels[i]! - b.pixels[i]!);
    if (d > tolerance) beyond++;
    if (d > maxDiff) maxDiff = d;
  }
  return { beyond: beyond / a.pixels.length, maxDiff };
}

/** Shared samples the pixel tests render (CT, MR, CR MONOCHROME1, RGB, YBR, palette, Modality LUT). */
export const DISPLAY_TEST_SAMPLES: { path: string; what: string; set?: { center: number; width: number } }[] = [
  { path: 'transfer-syntaxes/jpeg2000/693_UNCR.dcm', what: 'CT 16-bit signed, rescale, padding', set: { center: 40, width: 400 } },
  { path: 'pixel-formats/CT_small.dcm', what: 'CT without window (min–max)', set: { center: -600, width: 1500 } },
  { path: 'transfer-syntaxes/mr-small/MR_small.dcm', what: 'MR signed', set: { center: 1200, width: 800 } },
  { path: 'transfer-syntaxes/jpeg2000/MR2_UNCI.dcm', what: 'MR 12-bit, fractional rescale' },
  { path: 'transfer-syntaxes/jpeg2000/RG3_J2KR.dcm', what: 'CR MONOCHROME1, J2K', set: { center: 400, width: 600 } },
  { path: 'pixel-formats/mlut_18.dcm', what: 'Modality LUT Sequence', set: { center: 2000, width: 3000 } },
  { path: 'transfer-syntaxes/jpeg2000/US1_UNCR.dcm', what: 'US RGB' },
  { path: 'pixel-formats/SC_ybr_full_uncompressed.dcm', what: 'YBR_FULL native' },
  { path: 'pixel-formats/OT-PAL-8-face.dcm', what: 'PALETTE COLOR' },
  { path: 'transfer-syntaxes/rle/OBXXXX1A_rle.dcm', what: 'PALETTE COLOR, RLE, 16-bit LUT entries' },
];
