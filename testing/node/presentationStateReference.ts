import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readDicomFileSync } from '../../electron/node/dicom/readDicomFile';
import { decodeFileFrame } from '../../electron/node/imaging/decodeFileFrame';
import { describePixels } from '../../electron/common/dicom/model/pixelDescription';
import { toDisplayFrame } from '../../electron/common/dicom/display/displayFrame';
import { parsePresentationStatePart10 } from '../../electron/common/results/presentationState/readPresentationState';
import type { PresentationState } from '../../electron/common/results/presentationState/presentationStateModel';
import type { GrayscaleFrame } from '../../electron/common/results/presentationState/renderPresentation';
import { parsePnm, type RenderedImage } from './displayReference';
import { runTool } from './runTool';

/** Frame 1 of an image as the presentation renderer takes it (stored values). */
export async function grayscaleFrameOf(file: string): Promise<GrayscaleFrame> {
  const desc = describePixels(readDicomFileSync(file).dataset);
  const frame = toDisplayFrame(desc, await decodeFileFrame(file, 1), file);
  if (frame.kind !== 'gray') throw new Error(`${file} is not grayscale`);
  return { columns: desc.columns, rows: desc.rows, samples: frame.samples, bitsStored: desc.bitsStored, pixelRepresentation: desc.pixelRepresentation };
}

export function readPresentationStateFile(file: string): PresentationState {
  return parsePresentationStatePart10(new Uint8Array(readFileSync(file)), file);
}

/**
 * dcmtk's rendering of an image through a presentation state: `dcmp2pgm -p state image out.pgm`.
 * It is the whole image after VOI, Presentation LUT, rotation and flip (DVPresentationState::
 * getPixelData): it neither clips to the displayed area nor draws geometric shutters.
 */
export async function renderWithDcmp2pgm(image: string, state: string, dir: string): Promise<RenderedImage> {
  const out = path.join(dir, `${path.basename(state)}.pgm`);
  await runTool('dcmp2pgm', ['-q', '-p', state, image, out]);
  return parsePnm(readFileSync(out));
}

/**
 * The displayed area inside dcmp2pgm's output, 1-based and inclusive, transcribed from dcmtk's
 * DVPresentationState::renderPixelData (dcmpstat/libsrc/dvpstat.cc, `renderedImageLeft/Top/…`):
 * an independent reading of PS3.3 C.10.4 to check ours against.
 */
export function dcmtkRenderedArea(
  state: { tlhc: [number, number]; brhc: [number, number]; rotation: number; flip: boolean },
  imageWidth: number,
  imageHeight: number,
): { left: number; top: number; right: number; bottom: number } {
  const tlhcX = Math.min(state.tlhc[0], state.brhc[0]);
  const brhcX = Math.max(state.tlhc[0], state.brhc[0]);
  const tlhcY = Math.min(state.tlhc[1], state.brhc[1]);
  const brhcY = Math.max(state.tlhc[1], state.brhc[1]);
  let r: { left: number; top: number; right: number; bottom: number };
  switch (state.rotation) {
    case 90:
      r = { top: tlhcX, left: imageHeight - brhcY + 1, bottom: brhcX, right: imageHeight - tlhcY + 1 };
      break;
    case 180:
      r = { top: imageHeight - brhcY + 1, left: imageWidth - brhcX + 1, bottom: imageHeight - tlhcY + 1, right: imageWidth - tlhcX + 1 };
      break;
    case 270:
      r = { top: imageWidth - brhcX + 1, left: tlhcY, bottom: imageWidth - tlhcX + 1, right: brhcY };
      break;
    default:
      r = { top: tlhcY, left: tlhcX, bottom: brhcY, right: brhcX };
  }
  const renderedWidth = state.rotation === 90 || state.rotation === 270 ? imageHeight : imageWidth;
  if (state.flip) r = { ...r, left: renderedWidth - r.right + 1, right: renderedWidth - r.left + 1 };
  return r;
}

/** A rectangle (1-based, inclusive) of an 8-bit gray image. */
export function crop(img: RenderedImage, r: { left: number; top: number; right: number; bottom: number }): RenderedImage {
  const width = r.right - r.left + 1;
  const height = r.bottom - r.top + 1;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = img.pixels[(r.top - 1 + y) * img.width + (r.left - 1 + x)]!;
  return { width, height, channels: 1, pixels };
}

/** Output of a validator, stdout and stderr together, whatever its exit status. */
function toolOutput(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => execFile(cmd, args, { maxBuffer: 1 << 24 }, (_e, stdout, stderr) => resolve(`${stdout}\n${stderr}`)));
}

/** dciodvfy's Error and Warning lines. */
export async function dciodvfy(file: string): Promise<{ errors: string[]; warnings: string[] }> {
  const lines = (await toolOutput('dciodvfy', [file])).split('\n');
  return { errors: lines.filter((l) => l.startsWith('Error')), warnings: lines.filter((l) => l.startsWith('Warning')) };
}

/** dcmpschk's verdict and its error lines (E:/F:). */
export async function dcmpschk(file: string): Promise<{ passed: boolean; errors: string[]; output: string }> {
  const output = await toolOutput('dcmpschk', [file]);
  const lines = output.split('\n');
  return { passed: /Test passed/.test(output), errors: lines.filter((l) => /^[EF]: /.test(l)), output };
}
