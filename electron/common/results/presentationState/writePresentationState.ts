import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { copiedPatientAndStudy, copiedText } from '../../dicom/write/copiedAttributes';
import { writeDicomFile, type WriteElement } from '../../dicom/write/dicomWriter';
import { keyedNumbers as n, keyedSequence as sq, keyedStrings as s } from '../../dicom/write/keyedElements';
import type { LookupTable } from '../../dicom/model/pixelDescription';
import type { DisplayedArea, GraphicAnnotation, GraphicObject, ImageReference, PresentationState, Scoped, TextObject } from './presentationStateModel';
import { GSPS_SOP_CLASS, PsTag as T } from './presentationStateTags';

/** Manufacturer of what Lightbox writes (what results listings recognise as ours). */
const MANUFACTURER = 'Lightbox';

export interface WritePresentationStateOptions {
  /** Any referenced image (or its header): patient and study attributes are copied from it. */
  source: DicomJsonDataset;
  seriesNumber: number;
  /** Software Versions (0018,1020) of the equipment module, e.g. the app version. */
  softwareVersion?: string;
}

/** A CS value (PS3.5 6.2: upper case, digits, space, underscore; ≤ 16 characters). */
export function codeString(text: string, fallback: string): string {
  const cs = text
    .toUpperCase()
    .replace(/[^A-Z0-9 _]/g, '_')
    .slice(0, 16)
    .trim();
  return cs || fallback;
}

function referencedImageItems(refs: ImageReference[]): WriteElement[][] {
  return refs.map((r) => [
    s(T.ReferencedSOPClassUID, 'UI', r.sopClassUid),
    s(T.ReferencedSOPInstanceUID, 'UI', r.sopInstanceUid),
    ...(r.frames?.length ? [n(T.ReferencedFrameNumber, 'IS', ...r.frames)] : []),
  ]);
}

/** Referenced Image Sequence of a scoped item: left out when it applies to every image. */
function scope(refs: ImageReference[]): WriteElement[] {
  return refs.length ? [sq(T.ReferencedImageSequence, referencedImageItems(refs))] : [];
}

function lutItem(table: LookupTable, extra: WriteElement[] = []): WriteElement[] {
  // Descriptor as US (PS3.3 C.11.1.1 allows US or SS); a negative first-mapped value wraps to 2^16 + v.
  const first = table.firstMapped < 0 ? table.firstMapped + 0x10000 : table.firstMapped;
  return [
    n(T.LUTDescriptor, 'US', table.entries === 65536 ? 0 : table.entries, first, table.bitsPerEntry),
    ...(table.explanation ? [s(T.LUTExplanation, 'LO', table.explanation)] : []),
    n(T.LUTData, 'US', ...table.data.slice(0, table.entries)),
    ...extra,
  ];
}

function relationship(ps: PresentationState): WriteElement[] {
  const bySeries = new Map<string, ImageReference[]>();
  for (const r of ps.referencedImages) bySeries.set(r.seriesInstanceUid, [...(bySeries.get(r.seriesInstanceUid) ?? []), r]);
  return [sq(T.ReferencedSeriesSequence, [...bySeries].map(([series, refs]) => [sq(T.ReferencedImageSequence, referencedImageItems(refs)), s(T.SeriesInstanceUID, 'UI', series)]))];
}

function modalityLut(ps: PresentationState): WriteElement[] {
  const m = ps.modalityLut;
  if (!m) return [];
  if (m.kind === 'table') return [sq(T.ModalityLUTSequence, [lutItem(m.table, [s(T.ModalityLUTType, 'LO', m.type ?? 'US')])])];
  return [n(T.RescaleIntercept, 'DS', m.intercept), n(T.RescaleSlope, 'DS', m.slope), s(T.RescaleType, 'LO', m.type ?? 'US')];
}

function softcopyVoi(items: PresentationState['voi']): WriteElement[] {
  if (!items.length) return [];
  return [
    sq(
      T.SoftcopyVOILUTSequence,
      items.map(({ appliesTo, value }) => [
        ...scope(appliesTo),
        ...(value.kind === 'table'
          ? [sq(T.VOILUTSequence, [lutItem(value.table)])]
          : [
              n(T.WindowCenter, 'DS', value.center),
              n(T.WindowWidth, 'DS', value.width),
              ...(value.explanation ? [s(T.WindowCenterWidthExplanation, 'LO', value.explanation)] : []),
              ...(value.fn !== 'LINEAR' ? [s(T.VOILUTFunction, 'CS', value.fn)] : []),
            ]),
      ]),
    ),
  ];
}

function displayedAreaItem({ appliesTo, value: a }: Scoped<DisplayedArea>): WriteElement[] {
  // PS3.3 C.10.4: Presentation Pixel Spacing, else Presentation Pixel Aspect Ratio (1C each);
  // Magnification Ratio with MAGNIFY.
  const spacing = a.pixelSpacing;
  return [
    ...scope(appliesTo),
    n(T.DisplayedAreaTopLeftHandCorner, 'SL', Math.round(a.topLeft[0]), Math.round(a.topLeft[1])),
    n(T.DisplayedAreaBottomRightHandCorner, 'SL', Math.round(a.bottomRight[0]), Math.round(a.bottomRight[1])),
    s(T.PresentationSizeMode, 'CS', a.sizeMode),
    ...(spacing ? [n(T.PresentationPixelSpacing, 'DS', ...spacing)] : [n(T.PresentationPixelAspectRatio, 'IS', ...(a.pixelAspectRatio ?? [1, 1]).map(Math.round))]),
    ...(a.sizeMode === 'MAGNIFY' ? [n(T.PresentationPixelMagnificationRatio, 'FL', a.magnification ?? 1)] : []),
  ];
}

function shutters(ps: PresentationState): WriteElement[] {
  const sh = ps.shutters;
  const shapes = [sh.rectangular && 'RECTANGULAR', sh.circular && 'CIRCULAR', sh.polygonal && 'POLYGONAL'].filter((x): x is string => !!x);
  if (!shapes.length) return [];
  const out: WriteElement[] = [s(T.ShutterShape, 'CS', ...shapes), n(T.ShutterPresentationValue, 'US', Math.round(sh.presentationValue))];
  const r = sh.rectangular;
  if (r)
    out.push(
      n(T.ShutterLeftVerticalEdge, 'IS', Math.round(r.left)),
      n(T.ShutterRightVerticalEdge, 'IS', Math.round(r.right)),
      n(T.ShutterUpperHorizontalEdge, 'IS', Math.round(r.upper)),
      n(T.ShutterLowerHorizontalEdge, 'IS', Math.round(r.lower)),
    );
  // Circle centre and polygon vertices are stored row\column.
  if (sh.circular) out.push(n(T.CenterOfCircularShutter, 'IS', Math.round(sh.circular.center[1]), Math.round(sh.circular.center[0])), n(T.RadiusOfCircularShutter, 'IS', Math.round(sh.circular.radius)));
  if (sh.polygonal) out.push(n(T.VerticesOfThePolygonalShutter, 'IS', ...sh.polygonal.vertices.flatMap(([c, row]) => [Math.round(row), Math.round(c)])));
  return out;
}

function isClosed(g: GraphicObject): boolean {
  if (g.type === 'CIRCLE' || g.type === 'ELLIPSE') return true;
  if (g.type !== 'POLYLINE' && g.type !== 'INTERPOLATED') return false;
  const [a, b] = [g.points[0], g.points[g.points.length - 1]];
  return g.points.length > 2 && !!a && !!b && a[0] === b[0] && a[1] === b[1];
}

function graphicItem(g: GraphicObject): WriteElement[] {
  return [
    s(T.GraphicAnnotationUnits, 'CS', g.units),
    n(T.GraphicDimensions, 'US', 2),
    n(T.NumberOfGraphicPoints, 'US', g.points.length),
    n(T.GraphicData, 'FL', ...g.points.flat()),
    s(T.GraphicType, 'CS', g.type),
    // Graphic Filled is 1C: required for closed graphics only.
    ...(isClosed(g) ? [s(T.GraphicFilled, 'CS', g.filled ? 'Y' : 'N')] : []),
  ];
}

function textItem(t: TextObject): WriteElement[] {
  const b = t.boundingBox;
  const a = t.anchor;
  return [
    ...(b ? [s(T.BoundingBoxAnnotationUnits, 'CS', b.units)] : []),
    ...(a ? [s(T.AnchorPointAnnotationUnits, 'CS', a.units)] : []),
    s(T.UnformattedTextValue, 'ST', t.text),
    ...(b
      ? [n(T.BoundingBoxTopLeftHandCorner, 'FL', ...b.topLeft), n(T.BoundingBoxBottomRightHandCorner, 'FL', ...b.bottomRight), s(T.BoundingBoxTextHorizontalJustification, 'CS', b.justification)]
      : []),
    ...(a ? [n(T.AnchorPoint, 'FL', ...a.point), s(T.AnchorPointVisibility, 'CS', a.visible ? 'Y' : 'N')] : []),
  ];
}

function annotationItem(a: GraphicAnnotation): WriteElement[] {
  return [
    ...scope(a.appliesTo),
    s(T.GraphicLayer, 'CS', a.layer),
    ...(a.texts.length ? [sq(T.TextObjectSequence, a.texts.map(textItem))] : []),
    ...(a.graphics.length ? [sq(T.GraphicObjectSequence, a.graphics.map(graphicItem))] : []),
  ];
}

function graphics(ps: PresentationState): WriteElement[] {
  const annotations = ps.annotations.filter((a) => a.graphics.length || a.texts.length);
  if (!annotations.length) return [];
  const used = new Set(annotations.map((a) => a.layer));
  const layers = ps.layers.filter((l) => used.has(l.name));
  for (const name of used) if (!layers.some((l) => l.name === name)) throw new Error(`graphic layer ${name} is used but not defined`);
  return [
    sq(T.GraphicAnnotationSequence, annotations.map(annotationItem)),
    sq(
      T.GraphicLayerSequence,
      layers.map((l) => [
        s(T.GraphicLayer, 'CS', l.name),
        n(T.GraphicLayerOrder, 'IS', l.order),
        ...(l.recommendedGray !== undefined ? [n(T.GraphicLayerRecommendedDisplayGrayscaleValue, 'US', l.recommendedGray)] : []),
        ...(l.description ? [s(T.GraphicLayerDescription, 'LO', l.description)] : []),
      ]),
    ),
  ];
}

const nonAscii = (e: WriteElement): boolean =>
  ('strings' in e && e.strings.some((x) => /[^\x20-\x7e]/.test(x))) || ('items' in e && e.items.some((item) => item.some(nonAscii)));

/**
 * A Grayscale Softcopy Presentation State (PS3.3 A.33.1) as a Part 10 file in Explicit VR Little
 * Endian. Deterministic: the same state and options give the same bytes (UIDs, dates and times all
 * come from `ps`). Text is UTF-8: Specific Character Set ISO_IR 192 is written when any is not ASCII.
 */
export function writePresentationState(ps: PresentationState, options: WritePresentationStateOptions): Uint8Array {
  if (!ps.referencedImages.length) throw new Error('a presentation state must reference at least one image');
  const src = options.source;
  const elements: WriteElement[] = [
    // Patient and study from the source (type 2: written empty when absent).
    ...copiedPatientAndStudy(src, { absentType2: 'empty' }),
    s(T.StudyInstanceUID, 'UI', ps.studyInstanceUid),
    // SOP Common.
    s(T.SOPClassUID, 'UI', GSPS_SOP_CLASS),
    s(T.SOPInstanceUID, 'UI', ps.sopInstanceUid),
    s(T.InstanceCreationDate, 'DA', ps.creationDate),
    s(T.InstanceCreationTime, 'TM', ps.creationTime),
    // General and Presentation Series.
    s(T.Modality, 'CS', 'PR'),
    s(T.SeriesInstanceUID, 'UI', ps.seriesInstanceUid),
    n(T.SeriesNumber, 'IS', options.seriesNumber),
    // Type 2C (paired body part): the image series' side when it has one, else empty (dciodvfy
    // cannot tell whether the part is paired and reports a missing Laterality as an error).
    s(T.Laterality, 'CS', ...copiedText(src, T.Laterality)),
    // General Equipment.
    s(T.Manufacturer, 'LO', MANUFACTURER),
    ...(options.softwareVersion ? [s(T.SoftwareVersions, 'LO', options.softwareVersion)] : []),
    // Presentation State Identification (C.11.10).
    n(T.InstanceNumber, 'IS', ps.instanceNumber),
    s(T.ContentLabel, 'CS', codeString(ps.contentLabel, 'UNNAMED')),
    s(T.ContentDescription, 'LO', ps.contentDescription),
    s(T.PresentationCreationDate, 'DA', ps.creationDate),
    s(T.PresentationCreationTime, 'TM', ps.creationTime),
    s(T.ContentCreatorName, 'PN', ps.creatorName),
    ...relationship(ps),
    ...shutters(ps),
    sq(T.DisplayedAreaSelectionSequence, ps.displayedAreas.map(displayedAreaItem)),
    ...graphics(ps),
    ...(ps.rotation || ps.horizontalFlip ? [n(T.ImageRotation, 'US', ps.rotation), s(T.ImageHorizontalFlip, 'CS', ps.horizontalFlip ? 'Y' : 'N')] : []),
    ...modalityLut(ps),
    ...softcopyVoi(ps.voi),
    ...(ps.presentationLut.kind === 'table'
      ? [sq(T.PresentationLUTSequence, [lutItem(ps.presentationLut.table)])]
      : [s(T.PresentationLUTShape, 'CS', ps.presentationLut.shape)]),
  ];
  if (!ps.displayedAreas.length) throw new Error('a presentation state needs a displayed area for its images (PS3.3 C.10.4)');
  if (elements.some(nonAscii)) elements.push(s(T.SpecificCharacterSet, 'CS', 'ISO_IR 192'));
  return writeDicomFile(elements, { sopClassUid: GSPS_SOP_CLASS, sopInstanceUid: ps.sopInstanceUid });
}
