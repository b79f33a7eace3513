import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { parseDicom } from '../../dicom/parse/parseDicom';
import { numberValue, numberValues, sequenceItems, stringValue, stringValues, wordValues } from '../../dicom/model/dicomJsonAccess';
import type { LookupTable, ModalityLut, VoiLutFunction } from '../../dicom/model/pixelDescription';
import type {
  AnnotationUnits,
  DisplayedArea,
  GraphicAnnotation,
  GraphicLayer,
  GraphicObject,
  GraphicType,
  ImageReference,
  PresentationLut,
  PresentationSizeMode,
  PresentationState,
  Scoped,
  Shutters,
  SoftcopyVoi,
  TextObject,
} from './presentationStateModel';
import { PsTag as T } from './presentationStateTags';

/**
 * Reads any Grayscale Softcopy Presentation State (ours, dcmtk's, a modality's) into the model.
 * LUT data must be inline in the DICOM JSON (Value or InlineBinary): read the file with a large
 * enough inline limit. Values the model cannot hold (bitmap shutters, overlays, DISPLAY-relative
 * shutters) are left out.
 */
export function readPresentationState(ds: DicomJsonDataset): PresentationState {
  const seriesOf = new Map<string, string>();
  const referencedImages = sequenceItems(ds, T.ReferencedSeriesSequence).flatMap((series) => {
    const seriesUid = stringValue(series, T.SeriesInstanceUID) ?? '';
    return imageReferences(series).map((ref) => {
      seriesOf.set(ref.sopInstanceUid, seriesUid);
      return { ...ref, seriesInstanceUid: seriesUid };
    });
  });
  // Scoped references name no series: take it from the relationship module.
  const scopedRefs = (item: DicomJsonDataset): ImageReference[] => imageReferences(item).map((r) => ({ ...r, seriesInstanceUid: seriesOf.get(r.sopInstanceUid) ?? '' }));

  const modalityLut = modalityLutOf(ds);
  return {
    sopInstanceUid: stringValue(ds, T.SOPInstanceUID) ?? '',
    seriesInstanceUid: stringValue(ds, T.SeriesInstanceUID) ?? '',
    studyInstanceUid: stringValue(ds, T.StudyInstanceUID) ?? '',
    instanceNumber: numberValue(ds, T.InstanceNumber) ?? 1,
    contentLabel: stringValue(ds, T.ContentLabel) ?? '',
    contentDescription: stringValue(ds, T.ContentDescription) ?? '',
    creationDate: stringValue(ds, T.PresentationCreationDate) ?? '',
    creationTime: stringValue(ds, T.PresentationCreationTime) ?? '',
    creatorName: stringValue(ds, T.ContentCreatorName) ?? '',
    referencedImages,
    ...(modalityLut ? { modalityLut } : {}),
    voi: sequenceItems(ds, T.SoftcopyVOILUTSequence)
      .map((item): Scoped<SoftcopyVoi> | undefined => {
        const value = voiOf(item);
        return value && { appliesTo: scopedRefs(item), value };
      })
      .filter((s): s is Scoped<SoftcopyVoi> => s !== undefined),
    displayedAreas: sequenceItems(ds, T.DisplayedAreaSelectionSequence).map((item) => ({ appliesTo: scopedRefs(item), value: displayedAreaOf(item) })),
    rotation: rotationOf(numberValue(ds, T.ImageRotation)),
    horizontalFlip: stringValue(ds, T.ImageHorizontalFlip)?.trim() === 'Y',
    shutters: shuttersOf(ds),
    presentationLut: presentationLutOf(ds),
    layers: sequenceItems(ds, T.GraphicLayerSequence).map(layerOf),
    annotations: sequenceItems(ds, T.GraphicAnnotationSequence).map(
      (item): GraphicAnnotation => ({
        layer: stringValue(item, T.GraphicLayer)?.trim() ?? '',
        appliesTo: scopedRefs(item),
        graphics: sequenceItems(item, T.GraphicObjectSequence)
          .map(graphicOf)
          .filter((g): g is GraphicObject => g !== undefined),
        texts: sequenceItems(item, T.TextObjectSequence).map(textOf),
      }),
    ),
  };
}

/** A presentation state file held in memory (every binary value is kept inline, LUT data included). */
export function parsePresentationStatePart10(bytes: Uint8Array, source = 'presentation state', inflateRaw?: (b: Uint8Array) => Uint8Array): PresentationState {
  return readPresentationState(parseDicom(bytes, { source, headerOnly: true, ...(inflateRaw ? { inflateRaw } : {}) }).dataset);
}

function imageReferences(item: DicomJsonDataset): Array<Omit<ImageReference, 'seriesInstanceUid'>> {
  return sequenceItems(item, T.ReferencedImageSequence).map((ref) => {
    const frames = numberValues(ref, T.ReferencedFrameNumber);
    return {
      sopClassUid: stringValue(ref, T.ReferencedSOPClassUID) ?? '',
      sopInstanceUid: stringValue(ref, T.ReferencedSOPInstanceUID) ?? '',
      ...(frames.length ? { frames } : {}),
    };
  });
}

function lutOf(item: DicomJsonDataset): LookupTable | undefined {
  const [entries, firstMapped, bits] = numberValues(item, T.LUTDescriptor);
  if (entries === undefined || firstMapped === undefined || bits === undefined) return undefined;
  const explanation = stringValue(item, T.LUTExplanation);
  return { entries: entries === 0 ? 65536 : entries, firstMapped, bitsPerEntry: bits, data: wordValues(item, T.LUTData, false), ...(explanation ? { explanation } : {}) };
}

function modalityLutOf(ds: DicomJsonDataset): ModalityLut | undefined {
  const item = sequenceItems(ds, T.ModalityLUTSequence)[0];
  const table = item && lutOf(item);
  const type = (item && stringValue(item, T.ModalityLUTType)) ?? stringValue(ds, T.RescaleType);
  if (table) return { kind: 'table', table, ...(type ? { type } : {}) };
  const slope = numberValue(ds, T.RescaleSlope);
  const intercept = numberValue(ds, T.RescaleIntercept);
  if (slope === undefined && intercept === undefined) return undefined;
  return { kind: 'rescale', slope: slope ?? 1, intercept: intercept ?? 0, ...(type ? { type } : {}) };
}

function voiOf(item: DicomJsonDataset): SoftcopyVoi | undefined {
  const lutItem = sequenceItems(item, T.VOILUTSequence)[0];
  const table = lutItem && lutOf(lutItem);
  if (table) return { kind: 'table', table };
  const center = numberValue(item, T.WindowCenter);
  const width = numberValue(item, T.WindowWidth);
  if (center === undefined || width === undefined) return undefined;
  const fn = stringValue(item, T.VOILUTFunction)?.trim();
  const explanation = stringValue(item, T.WindowCenterWidthExplanation);
  return { kind: 'window', center, width, fn: fn === 'LINEAR_EXACT' || fn === 'SIGMOID' ? (fn as VoiLutFunction) : 'LINEAR', ...(explanation ? { explanation } : {}) };
}

function pair(ds: DicomJsonDataset, tag: string): [number, number] | undefined {
  const v = numberValues(ds, tag);
  return v.length >= 2 ? [v[0]!, v[1]!] : undefined;
}

function displayedAreaOf(item: DicomJsonDataset): DisplayedArea {
  const mode = stringValue(item, T.PresentationSizeMode)?.trim();
  const spacing = pair(item, T.PresentationPixelSpacing);
  const aspect = pair(item, T.PresentationPixelAspectRatio);
  const magnification = numberValue(item, T.PresentationPixelMagnificationRatio);
  return {
    topLeft: pair(item, T.DisplayedAreaTopLeftHandCorner) ?? [1, 1],
    bottomRight: pair(item, T.DisplayedAreaBottomRightHandCorner) ?? [1, 1],
    sizeMode: (mode === 'TRUE SIZE' || mode === 'MAGNIFY' ? mode : 'SCALE TO FIT') as PresentationSizeMode,
    ...(spacing ? { pixelSpacing: spacing } : {}),
    ...(aspect ? { pixelAspectRatio: aspect } : {}),
    ...(magnification !== undefined ? { magnification } : {}),
  };
}

function rotationOf(degrees: number | undefined): 0 | 90 | 180 | 270 {
  const r = (((Math.round((degrees ?? 0) / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}

function shuttersOf(ds: DicomJsonDataset): Shutters {
  const shapes = new Set(stringValues(ds, T.ShutterShape).map((s) => s.trim()));
  const out: Shutters = { presentationValue: numberValue(ds, T.ShutterPresentationValue) ?? 0 };
  if (shapes.has('RECTANGULAR')) {
    const [left, right, upper, lower] = [T.ShutterLeftVerticalEdge, T.ShutterRightVerticalEdge, T.ShutterUpperHorizontalEdge, T.ShutterLowerHorizontalEdge].map((t) => numberValue(ds, t));
    if (left !== undefined && right !== undefined && upper !== undefined && lower !== undefined) out.rectangular = { left, right, upper, lower };
  }
  if (shapes.has('CIRCULAR')) {
    // Stored as row\column.
    const [row, column] = numberValues(ds, T.CenterOfCircularShutter);
    const radius = numberValue(ds, T.RadiusOfCircularShutter);
    if (row !== undefined && column !== undefined && radius !== undefined) out.circular = { center: [column, row], radius };
  }
  if (shapes.has('POLYGONAL')) {
    // Stored as row\column pairs.
    const v = numberValues(ds, T.VerticesOfThePolygonalShutter);
    const vertices: Array<[number, number]> = [];
    for (let i = 0; i + 1 < v.length; i += 2) vertices.push([v[i + 1]!, v[i]!]);
    if (vertices.length >= 3) out.polygonal = { vertices };
  }
  return out;
}

function presentationLutOf(ds: DicomJsonDataset): PresentationLut {
  const item = sequenceItems(ds, T.PresentationLUTSequence)[0];
  const table = item && lutOf(item);
  if (table) return { kind: 'table', table };
  return { kind: 'shape', shape: stringValue(ds, T.PresentationLUTShape)?.trim() === 'INVERSE' ? 'INVERSE' : 'IDENTITY' };
}

function layerOf(item: DicomJsonDataset): GraphicLayer {
  const description = stringValue(item, T.GraphicLayerDescription);
  const gray = numberValue(item, T.GraphicLayerRecommendedDisplayGrayscaleValue);
  return {
    name: stringValue(item, T.GraphicLayer)?.trim() ?? '',
    order: numberValue(item, T.GraphicLayerOrder) ?? 0,
    ...(description ? { description } : {}),
    ...(gray !== undefined ? { recommendedGray: gray } : {}),
  };
}

const units = (v: string | undefined): AnnotationUnits => (v?.trim() === 'DISPLAY' ? 'DISPLAY' : 'PIXEL');
const GRAPHIC_TYPES = new Set<GraphicType>(['POINT', 'POLYLINE', 'INTERPOLATED', 'CIRCLE', 'ELLIPSE']);

function graphicOf(item: DicomJsonDataset): GraphicObject | undefined {
  const type = stringValue(item, T.GraphicType)?.trim() as GraphicType | undefined;
  if (!type || !GRAPHIC_TYPES.has(type)) return undefined;
  const data = numberValues(item, T.GraphicData);
  const points: Array<[number, number]> = [];
  // Graphic Dimensions is 2 in every GSPS: column\row pairs.
  for (let i = 0; i + 1 < data.length; i += 2) points.push([data[i]!, data[i + 1]!]);
  return { type, units: units(stringValue(item, T.GraphicAnnotationUnits)), points, filled: stringValue(item, T.GraphicFilled)?.trim() === 'Y' };
}

function textOf(item: DicomJsonDataset): TextObject {
  const tl = pair(item, T.BoundingBoxTopLeftHandCorner);
  const br = pair(item, T.BoundingBoxBottomRightHandCorner);
  const anchor = pair(item, T.AnchorPoint);
  const j = stringValue(item, T.BoundingBoxTextHorizontalJustification)?.trim();
  return {
    text: stringValue(item, T.UnformattedTextValue) ?? '',
    ...(tl && br ? { boundingBox: { units: units(stringValue(item, T.BoundingBoxAnnotationUnits)), topLeft: tl, bottomRight: br, justification: j === 'RIGHT' || j === 'CENTER' ? j : 'LEFT' } } : {}),
    ...(anchor ? { anchor: { units: units(stringValue(item, T.AnchorPointAnnotationUnits)), point: anchor, visible: stringValue(item, T.AnchorPointVisibility)?.trim() === 'Y' } } : {}),
  };
}
