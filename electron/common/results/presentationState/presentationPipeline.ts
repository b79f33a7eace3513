import { lookup, modalityTransform } from '../../dicom/display/modalityTransform';
import { voiTransform } from '../../dicom/display/voiTransform';
import type { LookupTable, ModalityLut, PixelDescription } from '../../dicom/model/pixelDescription';
import type { PresentationLut, SoftcopyVoi } from './presentationStateModel';

/** The image attributes the grayscale pipeline needs (a `PixelDescription` has them all). */
export type PipelineImage = Pick<PixelDescription, 'bitsStored' | 'pixelRepresentation'>;

const IDENTITY: ModalityLut = { kind: 'rescale', slope: 1, intercept: 0 };

/** Stored values an image can hold, from Bits Stored and Pixel Representation. */
export function storedRange(image: PipelineImage): [number, number] {
  const bits = Math.min(image.bitsStored, 32);
  return image.pixelRepresentation === 1 ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

/**
 * The range of the Modality LUT's output over every storable value: where an absent VOI LUT maps
 * its input from (dcmtk's "absolute" range: the rescaled stored range, or 0 to 2^bits − 1 of a table).
 */
export function modalityOutputRange(image: PipelineImage, lut: ModalityLut | undefined): [number, number] {
  const m = lut ?? IDENTITY;
  if (m.kind === 'table') return [0, 2 ** m.table.bitsPerEntry - 1];
  const [lo, hi] = storedRange(image);
  const a = lo * m.slope + m.intercept;
  const b = hi * m.slope + m.intercept;
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * A LUT's first stored-value entry. Descriptors are often written as US; the value is signed when
 * the LUT's input can be negative (PS3.3 C.11.1.1, C.11.2.1.1).
 */
function signedFirst(table: LookupTable, inputCanBeNegative: boolean): number {
  return inputCanBeNegative && table.firstMapped > 0x7fff ? table.firstMapped - 0x10000 : table.firstMapped;
}

/**
 * The GSPS grayscale pipeline (PS3.4 N.2.1) from stored value to P-value in [0, 1]: the state's
 * Modality LUT (identity when it has none: the state replaces the image's, N.2.1.1), its Softcopy
 * VOI LUT (window per PS3.3 C.11.2.1.2 or table; none = linear over the modality output range),
 * then its Presentation LUT (shape or table, C.11.6).
 */
export function presentationPipeline(
  image: PipelineImage,
  state: { modalityLut?: ModalityLut; voi?: SoftcopyVoi; presentationLut: PresentationLut },
): (stored: number) => number {
  const modality = modalityTransform({ modalityLut: state.modalityLut ?? IDENTITY, pixelRepresentation: image.pixelRepresentation } as PixelDescription);
  const [lo, hi] = modalityOutputRange(image, state.modalityLut);
  const voi = state.voi;
  let voiFn: (x: number) => number;
  if (!voi) voiFn = (x) => (hi > lo ? Math.min(1, Math.max(0, (x - lo) / (hi - lo))) : 0);
  else if (voi.kind === 'table') voiFn = voiTransform({ kind: 'table', table: voi.table, firstMapped: signedFirst(voi.table, lo < 0) });
  else voiFn = voiTransform({ kind: 'window', center: voi.center, width: voi.width, fn: voi.fn });
  const plut = state.presentationLut;
  if (plut.kind === 'table') {
    const t = plut.table;
    const n = Math.min(t.entries, t.data.length);
    const max = 2 ** t.bitsPerEntry - 1;
    // The VOI output spans the table's input range (PS3.3 C.11.6.1.1): scale [0, 1] onto its entries.
    return (x) => lookup(t, 0, voiFn(modality(x)) * (n - 1)) / max;
  }
  if (plut.shape === 'INVERSE') return (x) => 1 - voiFn(modality(x));
  return (x) => voiFn(modality(x));
}

/** An 8-bit level of a P-value in [0, 1]. */
export function pValueTo8Bit(p: number): number {
  return Math.round(Math.min(1, Math.max(0, p)) * 255);
}
