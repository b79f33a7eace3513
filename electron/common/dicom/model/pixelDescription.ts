import { numberValue, numberValues, sequenceItems, stringValue, stringValues, Tag, wordValues } from './dicomJsonAccess';
import type { DicomJsonDataset } from './dicomJson';

/** A lookup table (PS3.3 C.11.1.1): descriptor [entries, first mapped value, bits] and its data. */
export interface LookupTable {
  /** Number of entries (a descriptor value of 0 means 65536). */
  entries: number;
  firstMapped: number;
  bitsPerEntry: number;
  data: number[];
  explanation?: string;
}

export type ModalityLut =
  | { kind: 'rescale'; slope: number; intercept: number; type?: string }
  | { kind: 'table'; table: LookupTable; type?: string };

export interface VoiWindow {
  center: number;
  width: number;
  explanation?: string;
}

export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface OverlayPlane {
  /** 0x6000, 0x6002, … */
  group: number;
  rows: number;
  columns: number;
  /** 1-based (row, column) of the overlay's first pixel in the image. */
  origin: [number, number];
  type: string;
  bitsAllocated: number;
  bitPosition: number;
  frames: number;
  description?: string;
}

export type SampleType = 'bit' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** Everything needed to turn stored values into displayed ones (PS3.3 C.7.6.3, C.11). */
export interface PixelDescription {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
  /** 0 = interleaved (RGBRGB…), 1 = planar (RR…GG…BB…). */
  planarConfiguration: 0 | 1;
  photometricInterpretation: string;
  numberOfFrames: number;
  sampleType: SampleType;
  modalityLut: ModalityLut;
  voiWindows: VoiWindow[];
  voiLuts: LookupTable[];
  voiLutFunction: VoiLutFunction;
  presentationLutShape?: 'IDENTITY' | 'INVERSE';
  palette?: { red: LookupTable; green: LookupTable; blue: LookupTable };
  overlays: OverlayPlane[];
  pixelPadding?: { value: number; rangeLimit?: number };
  smallestPixelValue?: number;
  largestPixelValue?: number;
  /** Bytes of one frame as stored natively (bits packed for 1-bit data). */
  frameBytes: number;
}

function lookupTable(descriptor: number[], data: number[], explanation?: string): LookupTable | undefined {
  if (descriptor.length < 3) return undefined;
  const [entries, firstMapped, bits] = descriptor as [number, number, number];
  return { entries: entries === 0 ? 65536 : entries, firstMapped, bitsPerEntry: bits, data, ...(explanation ? { explanation } : {}) };
}

function lutFromItem(item: DicomJsonDataset): LookupTable | undefined {
  const descriptor = numberValues(item, Tag.LUTDescriptor);
  // PS3.3 C.11.1.1: the first-mapped value is signed when the pixel data is; the data is US/OW.
  return lookupTable(descriptor, wordValues(item, Tag.LUTData, false), stringValue(item, Tag.LUTExplanation));
}

function sampleTypeOf(bitsAllocated: number, signed: boolean, floatData: 'float32' | 'float64' | undefined): SampleType {
  if (floatData) return floatData;
  if (bitsAllocated === 1) return 'bit';
  if (bitsAllocated <= 8) return signed ? 'int8' : 'uint8';
  if (bitsAllocated <= 16) return signed ? 'int16' : 'uint16';
  return signed ? 'int32' : 'uint32';
}

function overlays(ds: DicomJsonDataset): OverlayPlane[] {
  const out: OverlayPlane[] = [];
  for (let group = 0x6000; group <= 0x601e; group += 2) {
    const g = group.toString(16).toUpperCase();
    const rows = numberValue(ds, `${g}0010`);
    const columns = numberValue(ds, `${g}0011`);
    if (rows === undefined || columns === undefined) continue;
    const origin = numberValues(ds, `${g}0050`);
    out.push({
      group,
      rows,
      columns,
      origin: [origin[0] ?? 1, origin[1] ?? 1],
      type: stringValue(ds, `${g}0040`) ?? 'G',
      bitsAllocated: numberValue(ds, `${g}0100`) ?? 1,
      bitPosition: numberValue(ds, `${g}0102`) ?? 0,
      frames: numberValue(ds, `${g}0015`) ?? 1,
      ...(stringValue(ds, `${g}0022`) ? { description: stringValue(ds, `${g}0022`) } : {}),
    });
  }
  return out;
}

/**
 * Reads the pixel description of an image. For enhanced multi-frame objects the Modality LUT and
 * VOI come from the Shared Functional Groups (per-frame values: `frameFunctionalGroups`).
 */
export function describePixels(ds: DicomJsonDataset): PixelDescription {
  const shared = sequenceItems(ds, Tag.SharedFunctionalGroupsSequence)[0];
  const firstFrame = sequenceItems(ds, Tag.PerFrameFunctionalGroupsSequence)[0];
  const fromGroups = (seqTag: string): DicomJsonDataset | undefined =>
    sequenceItems(firstFrame, seqTag)[0] ?? sequenceItems(shared, seqTag)[0];
  const transform = fromGroups(Tag.PixelValueTransformationSequence) ?? ds;
  const voiSource = fromGroups(Tag.FrameVOILUTSequence) ?? ds;

  const floatData = ds[Tag.FloatPixelData] ? 'float32' : ds[Tag.DoubleFloatPixelData] ? 'float64' : undefined;
  const bitsAllocated = numberValue(ds, Tag.BitsAllocated) ?? (floatData === 'float64' ? 64 : floatData ? 32 : 16);
  const bitsStored = numberValue(ds, Tag.BitsStored) ?? bitsAllocated;
  const pixelRepresentation = numberValue(ds, Tag.PixelRepresentation) === 1 ? 1 : 0;
  const rows = numberValue(ds, Tag.Rows) ?? 0;
  const columns = numberValue(ds, Tag.Columns) ?? 0;
  const samplesPerPixel = numberValue(ds, Tag.SamplesPerPixel) ?? 1;
  const photometricInterpretation = (stringValue(ds, Tag.PhotometricInterpretation) ?? 'MONOCHROME2').trim();

  const modalityLutItem = sequenceItems(ds, Tag.ModalityLUTSequence)[0];
  const table = modalityLutItem && lutFromItem(modalityLutItem);
  const modalityLut: ModalityLut = table
    ? { kind: 'table', table, type: stringValue(modalityLutItem, Tag.ModalityLUTType) }
    : {
        kind: 'rescale',
        slope: numberValue(transform, Tag.RescaleSlope) ?? 1,
        intercept: numberValue(transform, Tag.RescaleIntercept) ?? 0,
        ...(stringValue(transform, Tag.RescaleType) ? { type: stringValue(transform, Tag.RescaleType) } : {}),
      };

  const centers = numberValues(voiSource, Tag.WindowCenter);
  const widths = numberValues(voiSource, Tag.WindowWidth);
  const explanations = stringValues(voiSource, Tag.WindowCenterWidthExplanation);
  const voiWindows = centers
    .map((center, i) => ({ center, width: widths[i] ?? widths[0] ?? 0, ...(explanations[i] ? { explanation: explanations[i] } : {}) }))
    .filter((w) => w.width > 0);
  const voiLuts = sequenceItems(ds, Tag.VOILUTSequence)
    .map(lutFromItem)
    .filter((l): l is LookupTable => l !== undefined);
  const fn = stringValue(voiSource, Tag.VOILUTFunction)?.trim();
  const voiLutFunction: VoiLutFunction = fn === 'LINEAR_EXACT' || fn === 'SIGMOID' ? fn : 'LINEAR';
  const shape = stringValue(ds, Tag.PresentationLUTShape)?.trim();

  let palette: PixelDescription['palette'];
  if (photometricInterpretation === 'PALETTE COLOR') {
    const channel = (descTag: string, dataTag: string) => lookupTable(numberValues(ds, descTag), wordValues(ds, dataTag, false));
    const red = channel(Tag.RedPaletteColorLookupTableDescriptor, Tag.RedPaletteColorLookupTableData);
    const green = channel(Tag.GreenPaletteColorLookupTableDescriptor, Tag.GreenPaletteColorLookupTableData);
    const blue = channel(Tag.BluePaletteColorLookupTableDescriptor, Tag.BluePaletteColorLookupTableData);
    if (red && green && blue) palette = { red, green, blue };
  }
  const paddingValue = numberValue(ds, Tag.PixelPaddingValue);
  const paddingLimit = numberValue(ds, Tag.PixelPaddingRangeLimit);
  const numberOfFrames = Math.max(1, numberValue(ds, Tag.NumberOfFrames) ?? 1);
  const frameBits = rows * columns * samplesPerPixel * bitsAllocated;
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit: numberValue(ds, Tag.HighBit) ?? bitsStored - 1,
    pixelRepresentation,
    planarConfiguration: numberValue(ds, Tag.PlanarConfiguration) === 1 ? 1 : 0,
    photometricInterpretation,
    numberOfFrames,
    sampleType: sampleTypeOf(bitsAllocated, pixelRepresentation === 1, floatData),
    modalityLut,
    voiWindows,
    voiLuts,
    voiLutFunction,
    ...(shape === 'IDENTITY' || shape === 'INVERSE' ? { presentationLutShape: shape } : {}),
    ...(palette ? { palette } : {}),
    overlays: overlays(ds),
    ...(paddingValue !== undefined ? { pixelPadding: { value: paddingValue, ...(paddingLimit !== undefined ? { rangeLimit: paddingLimit } : {}) } } : {}),
    ...(numberValue(ds, Tag.SmallestImagePixelValue) !== undefined ? { smallestPixelValue: numberValue(ds, Tag.SmallestImagePixelValue) } : {}),
    ...(numberValue(ds, Tag.LargestImagePixelValue) !== undefined ? { largestPixelValue: numberValue(ds, Tag.LargestImagePixelValue) } : {}),
    frameBytes: bitsAllocated === 1 ? Math.ceil(frameBits / 8) : frameBits / 8,
  };
}
