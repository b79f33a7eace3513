import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValue, numberValues, sequenceItems, stringValue } from '../../dicom/model/dicomJsonAccess';
import type { LookupTable } from '../../dicom/model/pixelDescription';
import { codedConcepts, firstConcept } from '../codedConcepts';
import { ResultTag } from '../resultTags';
import { dicomLabToSrgb, type Rgb } from './cielab';
import type { SegmentationAlgorithm, SegmentInfo } from './segmentationModel';

/** Colours for segments that recommend none: distinct hues, picked by segment number. */
const DEFAULT_COLORS: readonly Rgb[] = [
  [230, 25, 75],
  [60, 180, 75],
  [255, 225, 25],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [210, 245, 60],
  [250, 190, 212],
];

/** DCM 125040 "Background": a label map's background segment. */
const BACKGROUND = { value: '125040', scheme: 'DCM' };

export interface SegmentPalette {
  red: LookupTable;
  green: LookupTable;
  blue: LookupTable;
}

/** A palette entry as 8-bit sRGB (16-bit entries keep their high byte). */
function paletteColor(palette: SegmentPalette, index: number): Rgb | undefined {
  const channel = (lut: LookupTable): number | undefined => {
    const value = lut.data[Math.min(Math.max(index - lut.firstMapped, 0), lut.data.length - 1)];
    if (value === undefined) return undefined;
    return lut.bitsPerEntry > 8 ? value >> 8 : value;
  };
  const rgb = [channel(palette.red), channel(palette.green), channel(palette.blue)];
  return rgb.every((c) => c !== undefined) ? (rgb as Rgb) : undefined;
}

function algorithmsOf(item: DicomJsonDataset): SegmentationAlgorithm[] {
  return sequenceItems(item, ResultTag.SegmentationAlgorithmIdentificationSequence).map((a) => {
    const family = firstConcept(a, ResultTag.AlgorithmFamilyCodeSequence);
    const name = stringValue(a, ResultTag.AlgorithmName);
    const version = stringValue(a, ResultTag.AlgorithmVersion);
    const source = stringValue(a, ResultTag.AlgorithmSource);
    const parameters = stringValue(a, ResultTag.AlgorithmParameters);
    return { ...(family ? { family } : {}), ...(name ? { name } : {}), ...(version ? { version } : {}), ...(source ? { source } : {}), ...(parameters ? { parameters } : {}) };
  });
}

/**
 * The Segment Sequence (0062,0002) as segment descriptions, in Segment Number order. Colours come
 * from the Recommended Display CIELab Value; a label map in PALETTE COLOR without one takes its
 * palette entry; otherwise a default colour by segment number.
 */
export function readSegments(ds: DicomJsonDataset, palette?: SegmentPalette): SegmentInfo[] {
  const segments = sequenceItems(ds, ResultTag.SegmentSequence).map((item, index): SegmentInfo => {
    const number = numberValue(item, ResultTag.SegmentNumber) ?? index + 1;
    const typeItem = sequenceItems(item, ResultTag.SegmentedPropertyTypeCodeSequence)[0];
    const type = firstConcept(item, ResultTag.SegmentedPropertyTypeCodeSequence);
    // Modifiers sit inside the type item since 2014 (CP 1258); older objects put them beside it.
    const typeModifiers = [...codedConcepts(typeItem, ResultTag.SegmentedPropertyTypeModifierCodeSequence), ...codedConcepts(item, ResultTag.SegmentedPropertyTypeModifierCodeSequence)];
    const category = firstConcept(item, ResultTag.SegmentedPropertyCategoryCodeSequence);
    const anatomicRegion = firstConcept(item, ResultTag.AnatomicRegionSequence);
    const lab = numberValues(item, ResultTag.RecommendedDisplayCIELabValue);
    const cielab = lab.length >= 3 ? ([lab[0]!, lab[1]!, lab[2]!] as [number, number, number]) : undefined;
    const fromPalette = !cielab && palette ? paletteColor(palette, number) : undefined;
    const color = cielab ? dicomLabToSrgb(cielab) : (fromPalette ?? DEFAULT_COLORS[(((number - 1) % DEFAULT_COLORS.length) + DEFAULT_COLORS.length) % DEFAULT_COLORS.length]!);
    const optional = {
      description: stringValue(item, ResultTag.SegmentDescription),
      category,
      type,
      anatomicRegion,
      algorithmType: stringValue(item, ResultTag.SegmentAlgorithmType),
      algorithmName: stringValue(item, ResultTag.SegmentAlgorithmName),
      trackingId: stringValue(item, ResultTag.TrackingID),
      trackingUid: stringValue(item, ResultTag.TrackingUID),
      cielab,
    };
    return {
      number,
      label: stringValue(item, ResultTag.SegmentLabel) ?? `Segment ${number}`,
      ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')) as Partial<SegmentInfo>),
      typeModifiers,
      algorithms: algorithmsOf(item),
      color,
      colorSource: cielab ? 'cielab' : fromPalette ? 'palette' : 'default',
      isBackground: type?.value === BACKGROUND.value && type.scheme === BACKGROUND.scheme,
    };
  });
  return segments.sort((a, b) => a.number - b.number);
}
