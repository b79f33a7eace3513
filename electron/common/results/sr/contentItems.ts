import { formatDecimalString, type WriteElement } from '../../dicom/write/dicomWriter';
import type { Code } from './srCodes';

/**
 * Builders of SR content items (PS3.3 C.17.3, Table C.17-6 and the value type macros of
 * C.18) as elements for `writeDicomFile`. One item is an array of elements; children go in its
 * Content Sequence. The writer sorts elements by tag, so the order here does not matter.
 */

export type ContentItem = WriteElement[];

export type RelationshipType = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'HAS ACQ CONTEXT' | 'INFERRED FROM' | 'SELECTED FROM';

/** A reference to one instance (and, for multi-frame images, some of its frames). */
export interface InstanceReference {
  sopClassUid: string;
  sopInstanceUid: string;
  /** 1-based frame numbers; leave out for single-frame images or the whole instance. */
  frames?: number[];
}

export const SrTag = {
  RelationshipType: 0x0040a010,
  ValueType: 0x0040a040,
  ConceptNameCodeSequence: 0x0040a043,
  ConceptCodeSequence: 0x0040a168,
  ContinuityOfContent: 0x0040a050,
  ContentSequence: 0x0040a730,
  ContentTemplateSequence: 0x0040a504,
  MappingResource: 0x00080105,
  TemplateIdentifier: 0x0040db00,
  TextValue: 0x0040a160,
  UID: 0x0040a124,
  PersonName: 0x0040a123,
  MeasuredValueSequence: 0x0040a300,
  MeasurementUnitsCodeSequence: 0x004008ea,
  NumericValue: 0x0040a30a,
  FloatingPointValue: 0x0040a161,
  ReferencedSOPSequence: 0x00081199,
  ReferencedSOPClassUID: 0x00081150,
  ReferencedSOPInstanceUID: 0x00081155,
  ReferencedFrameNumber: 0x00081160,
  GraphicData: 0x00700022,
  GraphicType: 0x00700023,
  ReferencedFrameOfReferenceUID: 0x30060024,
  CodeValue: 0x00080100,
  CodingSchemeDesignator: 0x00080102,
  CodeMeaning: 0x00080104,
} as const;

/** The three attributes of a coded entry (PS3.3 Table 8.8-1a, short code values only). */
export function codeAttributes(c: Code): WriteElement[] {
  if (c.value.length > 16) throw new Error(`code value ${c.value} needs Long Code Value, which we do not write`);
  return [
    { tag: SrTag.CodeValue, vr: 'SH', strings: [c.value] },
    { tag: SrTag.CodingSchemeDesignator, vr: 'SH', strings: [c.scheme] },
    { tag: SrTag.CodeMeaning, vr: 'LO', strings: [c.meaning] },
  ];
}

export function codeSequence(tag: number, c: Code): WriteElement {
  return { tag, vr: 'SQ', items: [codeAttributes(c)] };
}

/** The attributes every content item has; `relationship` is absent only on the document root. */
function itemHead(relationship: RelationshipType | undefined, valueType: string, concept: Code | undefined, children: ContentItem[]): WriteElement[] {
  return [
    ...(relationship ? [{ tag: SrTag.RelationshipType, vr: 'CS', strings: [relationship] }] : []),
    { tag: SrTag.ValueType, vr: 'CS', strings: [valueType] },
    ...(concept ? [codeSequence(SrTag.ConceptNameCodeSequence, concept)] : []),
    ...(children.length ? [{ tag: SrTag.ContentSequence, vr: 'SQ' as const, items: children }] : []),
  ];
}

/** Content Template Sequence (PS3.3 Table C.18.8-1): DCMR template `tid`. */
export function templateIdentification(tid: string): WriteElement {
  return {
    tag: SrTag.ContentTemplateSequence,
    vr: 'SQ',
    items: [
      [
        { tag: SrTag.MappingResource, vr: 'CS', strings: ['DCMR'] },
        { tag: SrTag.TemplateIdentifier, vr: 'CS', strings: [tid] },
      ],
    ],
  };
}

export function container(relationship: RelationshipType | undefined, concept: Code, children: ContentItem[], template?: string): ContentItem {
  return [
    ...itemHead(relationship, 'CONTAINER', concept, children),
    { tag: SrTag.ContinuityOfContent, vr: 'CS', strings: ['SEPARATE'] },
    ...(template ? [templateIdentification(template)] : []),
  ];
}

export function textItem(relationship: RelationshipType, concept: Code, text: string, children: ContentItem[] = []): ContentItem {
  return [...itemHead(relationship, 'TEXT', concept, children), { tag: SrTag.TextValue, vr: 'UT', strings: [text] }];
}

export function codeItem(relationship: RelationshipType, concept: Code, value: Code, children: ContentItem[] = []): ContentItem {
  return [...itemHead(relationship, 'CODE', concept, children), codeSequence(SrTag.ConceptCodeSequence, value)];
}

export function uidItem(relationship: RelationshipType, concept: Code, uid: string): ContentItem {
  return [...itemHead(relationship, 'UIDREF', concept, []), { tag: SrTag.UID, vr: 'UI', strings: [uid] }];
}

export function personNameItem(relationship: RelationshipType, concept: Code, name: string): ContentItem {
  return [...itemHead(relationship, 'PNAME', concept, []), { tag: SrTag.PersonName, vr: 'PN', strings: [name] }];
}

/**
 * A NUM item (PS3.3 C.18.1): Numeric Value as DS (16 characters at most), and the exact double
 * as Floating Point Value where the DS text is not exact (C.18.1.1: "may be present").
 */
export function numItem(relationship: RelationshipType, concept: Code, value: number, unit: Code, children: ContentItem[] = []): ContentItem {
  if (!Number.isFinite(value)) throw new Error(`${concept.meaning}: ${value} is not a finite number`);
  const text = formatDecimalString(value);
  const measured: WriteElement[] = [
    codeSequence(SrTag.MeasurementUnitsCodeSequence, unit),
    { tag: SrTag.NumericValue, vr: 'DS', strings: [text] },
    ...(Number(text) !== value ? [{ tag: SrTag.FloatingPointValue, vr: 'FD', numbers: [value] }] : []),
  ];
  return [...itemHead(relationship, 'NUM', concept, children), { tag: SrTag.MeasuredValueSequence, vr: 'SQ', items: [measured] }];
}

/** The Referenced SOP Sequence of an IMAGE or COMPOSITE item (PS3.3 C.18.3, C.18.4). */
export function referencedSop(ref: InstanceReference): WriteElement {
  return {
    tag: SrTag.ReferencedSOPSequence,
    vr: 'SQ',
    items: [
      [
        { tag: SrTag.ReferencedSOPClassUID, vr: 'UI', strings: [ref.sopClassUid] },
        { tag: SrTag.ReferencedSOPInstanceUID, vr: 'UI', strings: [ref.sopInstanceUid] },
        ...(ref.frames?.length ? [{ tag: SrTag.ReferencedFrameNumber, vr: 'IS', strings: ref.frames.map(String) }] : []),
      ],
    ],
  };
}

export function imageItem(relationship: RelationshipType, concept: Code | undefined, ref: InstanceReference, children: ContentItem[] = []): ContentItem {
  return [...itemHead(relationship, 'IMAGE', concept, children), referencedSop(ref)];
}

export function compositeItem(relationship: RelationshipType, concept: Code | undefined, ref: InstanceReference): ContentItem {
  return [...itemHead(relationship, 'COMPOSITE', concept, []), referencedSop({ sopClassUid: ref.sopClassUid, sopInstanceUid: ref.sopInstanceUid })];
}

export function waveformItem(relationship: RelationshipType, concept: Code | undefined, ref: InstanceReference): ContentItem {
  return [...itemHead(relationship, 'WAVEFORM', concept, []), referencedSop({ sopClassUid: ref.sopClassUid, sopInstanceUid: ref.sopInstanceUid })];
}

export type ScoordGraphicType = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'CIRCLE' | 'ELLIPSE';
export type Scoord3dGraphicType = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'POLYGON' | 'ELLIPSE' | 'ELLIPSOID';

/**
 * A SCOORD item (PS3.3 C.18.6): column\row pairs in image pixel coordinates, (0,0) at the top
 * left corner of the top left pixel (C.18.6.1.2), with the image it lies on as its one
 * SELECTED FROM child (C.18.6.1, Table A.35.x-2).
 */
export function scoordItem(relationship: RelationshipType, concept: Code | undefined, graphicType: ScoordGraphicType, points: Array<[number, number]>, image: InstanceReference): ContentItem {
  return [
    ...itemHead(relationship, 'SCOORD', concept, [imageItem('SELECTED FROM', undefined, image)]),
    { tag: SrTag.GraphicData, vr: 'FL', numbers: points.flat() },
    { tag: SrTag.GraphicType, vr: 'CS', strings: [graphicType] },
  ];
}

/** A SCOORD3D item (PS3.3 C.18.9): x\y\z triplets in the patient coordinates of a frame of reference. */
export function scoord3dItem(relationship: RelationshipType, concept: Code | undefined, graphicType: Scoord3dGraphicType, points: Array<[number, number, number]>, frameOfReferenceUid: string): ContentItem {
  return [
    ...itemHead(relationship, 'SCOORD3D', concept, []),
    { tag: SrTag.GraphicData, vr: 'FL', numbers: points.flat() },
    { tag: SrTag.GraphicType, vr: 'CS', strings: [graphicType] },
    { tag: SrTag.ReferencedFrameOfReferenceUID, vr: 'UI', strings: [frameOfReferenceUid] },
  ];
}
