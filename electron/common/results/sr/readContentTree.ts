import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValue, numberValues, sequenceItems, stringValue } from '../../dicom/model/dicomJsonAccess';
import { firstConcept } from '../codedConcepts';
import type { InstanceReference } from './contentItems';
import type { Code } from './srCodes';

/**
 * Any SR document's content tree (PS3.3 C.17.3) read from DICOM JSON into plain nodes: one
 * node per content item, its value by value type, its children, and its position (C.17.3.2.5:
 * the root is "1", each child appends its 1-based ordinal) for by-reference relationships.
 */

export interface SrInstanceReference extends InstanceReference {
  /** Referenced Segment Number (0062,000B), for references to segments of a Segmentation. */
  segmentNumbers?: number[];
}

export interface SrContentNode {
  position: string;
  /** Absent on the root. */
  relationship?: string;
  valueType: string;
  conceptName?: Code;
  /** The DCMR template this item starts, from its Content Template Sequence. */
  templateId?: string;
  text?: string;
  code?: Code;
  uid?: string;
  personName?: string;
  /** DATE, TIME and DATETIME values as written. */
  temporal?: string;
  /** NUM: the value (Floating Point Value when present, else Numeric Value), unit, or why it has none. */
  numeric?: { value?: number; unit?: Code; qualifier?: Code };
  /** IMAGE, COMPOSITE, WAVEFORM. */
  reference?: SrInstanceReference;
  /** SCOORD and SCOORD3D. */
  graphicType?: string;
  graphicData?: number[];
  frameOfReferenceUid?: string;
  /** A by-reference relationship: the position of the item it points to. */
  referencedPosition?: string;
  children: SrContentNode[];
}

const T = {
  RelationshipType: '0040A010',
  ValueType: '0040A040',
  ConceptNameCodeSequence: '0040A043',
  ConceptCodeSequence: '0040A168',
  ContentSequence: '0040A730',
  ContentTemplateSequence: '0040A504',
  TemplateIdentifier: '0040DB00',
  TextValue: '0040A160',
  UID: '0040A124',
  PersonName: '0040A123',
  Date: '0040A121',
  Time: '0040A122',
  DateTime: '0040A120',
  MeasuredValueSequence: '0040A300',
  MeasurementUnitsCodeSequence: '004008EA',
  NumericValue: '0040A30A',
  FloatingPointValue: '0040A161',
  NumericValueQualifierCodeSequence: '0040A301',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  ReferencedFrameNumber: '00081160',
  ReferencedSegmentNumber: '0062000B',
  GraphicData: '00700022',
  GraphicType: '00700023',
  ReferencedFrameOfReferenceUID: '30060024',
  ReferencedContentItemIdentifier: '0040DB73',
} as const;

/** The first coded entry of a code sequence (Code Value, Long Code Value or URN Code Value). */
const firstCode = (ds: DicomJsonDataset, tag: string): Code | undefined => firstConcept(ds, tag);

function readReference(ds: DicomJsonDataset): SrInstanceReference | undefined {
  const item = sequenceItems(ds, T.ReferencedSOPSequence)[0];
  if (!item) return undefined;
  const frames = numberValues(item, T.ReferencedFrameNumber);
  const segments = numberValues(item, T.ReferencedSegmentNumber);
  return {
    sopClassUid: stringValue(item, T.ReferencedSOPClassUID) ?? '',
    sopInstanceUid: stringValue(item, T.ReferencedSOPInstanceUID) ?? '',
    ...(frames.length ? { frames } : {}),
    ...(segments.length ? { segmentNumbers: segments } : {}),
  };
}

function readNumeric(ds: DicomJsonDataset): SrContentNode['numeric'] {
  const measured = sequenceItems(ds, T.MeasuredValueSequence)[0];
  const qualifier = firstCode(ds, T.NumericValueQualifierCodeSequence);
  const value = numberValue(measured, T.FloatingPointValue) ?? numberValue(measured, T.NumericValue);
  const unit = measured ? firstCode(measured, T.MeasurementUnitsCodeSequence) : undefined;
  return { ...(value !== undefined ? { value } : {}), ...(unit ? { unit } : {}), ...(qualifier ? { qualifier } : {}) };
}

function readNode(ds: DicomJsonDataset, position: string): SrContentNode {
  const valueType = stringValue(ds, T.ValueType) ?? '';
  const node: SrContentNode = { position, valueType, children: [] };
  const relationship = stringValue(ds, T.RelationshipType);
  if (relationship) node.relationship = relationship;
  const concept = firstCode(ds, T.ConceptNameCodeSequence);
  if (concept) node.conceptName = concept;
  const template = stringValue(sequenceItems(ds, T.ContentTemplateSequence)[0], T.TemplateIdentifier);
  if (template) node.templateId = template;
  const referenced = numberValues(ds, T.ReferencedContentItemIdentifier);
  if (referenced.length) node.referencedPosition = referenced.join('.');

  switch (valueType) {
    case 'TEXT':
      node.text = stringValue(ds, T.TextValue) ?? '';
      break;
    case 'CODE': {
      const code = firstCode(ds, T.ConceptCodeSequence);
      if (code) node.code = code;
      break;
    }
    case 'UIDREF':
      node.uid = stringValue(ds, T.UID) ?? '';
      break;
    case 'PNAME':
      node.personName = stringValue(ds, T.PersonName) ?? '';
      break;
    case 'DATE':
    case 'TIME':
    case 'DATETIME':
      node.temporal = stringValue(ds, valueType === 'DATE' ? T.Date : valueType === 'TIME' ? T.Time : T.DateTime) ?? '';
      break;
    case 'NUM':
      node.numeric = readNumeric(ds);
      break;
    case 'IMAGE':
    case 'COMPOSITE':
    case 'WAVEFORM': {
      const ref = readReference(ds);
      if (ref) node.reference = ref;
      break;
    }
    case 'SCOORD':
    case 'SCOORD3D': {
      node.graphicType = stringValue(ds, T.GraphicType) ?? '';
      node.graphicData = numberValues(ds, T.GraphicData);
      const frameOfReference = stringValue(ds, T.ReferencedFrameOfReferenceUID);
      if (frameOfReference) node.frameOfReferenceUid = frameOfReference;
      break;
    }
    default:
      break;
  }
  node.children = sequenceItems(ds, T.ContentSequence).map((child, i) => readNode(child, `${position}.${i + 1}`));
  return node;
}

/** The content tree of an SR document (its root is the data set itself, C.17.3). */
export function readContentTree(ds: DicomJsonDataset): SrContentNode {
  if (stringValue(ds, T.ValueType) !== 'CONTAINER') throw new Error('not a structured report: the document root is not a CONTAINER content item');
  return readNode(ds, '1');
}

/** Every node of a tree, depth first, parents before children. */
export function* walkContent(node: SrContentNode): Generator<SrContentNode> {
  yield node;
  for (const child of node.children) yield* walkContent(child);
}

/** Nodes by position, for resolving by-reference relationships (Referenced Content Item Identifier). */
export function indexByPosition(root: SrContentNode): Map<string, SrContentNode> {
  return new Map([...walkContent(root)].map((n) => [n.position, n]));
}
