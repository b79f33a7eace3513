import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { measurementTrackingUid } from '../nameBasedUid';
import { LIGHTBOX_MANUFACTURER } from '../resultObjects';
import { parseLightboxTrackingIdentifier } from './measurementGroup';
import { indexByPosition, readContentTree, walkContent, type SrContentNode, type SrInstanceReference } from './readContentTree';
import { Codes, sameCode, type Code } from './srCodes';

/**
 * A TID 1500 Measurement Report (ours or anyone's) as a model: its measurement groups with
 * their tracking identifiers, every NUM, SCOORD and SCOORD3D, and references to segments.
 * Lenient about layout: a group is any "Measurement Group" container (TID 1410, 1411, 1501),
 * wherever it sits; whatever lies outside groups is kept too (Image Library descriptors).
 */

export interface SrNumeric {
  position: string;
  conceptName: Code;
  /** Absent when the item carries a Numeric Value Qualifier instead (e.g. "value unknown"). */
  value?: number;
  unit?: Code;
  qualifier?: Code;
  /** The statistic a value is (Mean, Maximum …): its HAS CONCEPT MOD Derivation. */
  derivation?: Code;
}

export interface SrScoord {
  position: string;
  conceptName?: Code;
  graphicType: string;
  /** Column\row pixel coordinates, (0,0) the top left corner of the top left pixel. */
  points: Array<[number, number]>;
  /** The image the coordinates are selected from (by value or by reference). */
  image?: SrInstanceReference;
}

export interface SrScoord3d {
  position: string;
  conceptName?: Code;
  graphicType: string;
  points: Array<[number, number, number]>;
  frameOfReferenceUid: string;
}

export interface SrText {
  position: string;
  conceptName?: Code;
  text: string;
}

/** Which of the app's measurements a group of ours is. */
export interface LightboxMeasurementIdentity {
  dimension: '2d' | '3d';
  kind: string;
  id: string;
}

export interface SrMeasurementGroup {
  position: string;
  templateId?: string;
  trackingIdentifier?: string;
  trackingUid?: string;
  finding?: Code;
  findingSites: Code[];
  numerics: SrNumeric[];
  scoords: SrScoord[];
  scoords3d: SrScoord3d[];
  /** Referenced Segment items (121191, DCM): a Segmentation and its segment numbers. */
  segments: SrInstanceReference[];
  /** Other images the group names (source images), not the targets of its SCOORDs. */
  images: SrInstanceReference[];
  texts: SrText[];
  /** Present when the group is one we wrote: its tracking identifier parses and its Tracking UID is ours for that id. */
  lightbox?: LightboxMeasurementIdentity;
}

export interface MeasurementReportModel {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  title?: Code;
  templateId?: string;
  manufacturer?: string;
  /** Written by Lightbox: Manufacturer is ours (the rule resultObjects.ts lists results by). */
  isOurs: boolean;
  language?: Code;
  observerNames: string[];
  proceduresReported: Code[];
  imageLibrary: SrInstanceReference[];
  groups: SrMeasurementGroup[];
  /** NUM, SCOORD and SCOORD3D items outside any measurement group. */
  outside: { numerics: SrNumeric[]; scoords: SrScoord[]; scoords3d: SrScoord3d[] };
}

// Older reports use SNOMED-RT codes for the same concepts (dcmqi's sample: G-C0E3 Finding Site).
const FINDING_SITE_SRT: Code = { value: 'G-C0E3', scheme: 'SRT', meaning: 'Finding Site' };

function pairs(data: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < data.length; i += 2) out.push([data[i]!, data[i + 1]!]);
  return out;
}

function triplets(data: number[]): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i + 2 < data.length; i += 3) out.push([data[i]!, data[i + 1]!, data[i + 2]!]);
  return out;
}

const withConcept = (n: SrContentNode): { conceptName?: Code } => (n.conceptName ? { conceptName: n.conceptName } : {});

class TreeReader {
  private readonly byPosition: Map<string, SrContentNode>;

  constructor(root: SrContentNode) {
    this.byPosition = indexByPosition(root);
  }

  /** A child, or the item a by-reference child points to. */
  private target(child: SrContentNode): SrContentNode {
    return child.referencedPosition ? (this.byPosition.get(child.referencedPosition) ?? child) : child;
  }

  numeric(n: SrContentNode): SrNumeric {
    const derivation = n.children.map((c) => this.target(c)).find((c) => c.valueType === 'CODE' && sameCode(c.conceptName, Codes.Derivation))?.code;
    return {
      position: n.position,
      conceptName: n.conceptName ?? { value: '', scheme: '', meaning: '' },
      ...(n.numeric?.value !== undefined ? { value: n.numeric.value } : {}),
      ...(n.numeric?.unit ? { unit: n.numeric.unit } : {}),
      ...(n.numeric?.qualifier ? { qualifier: n.numeric.qualifier } : {}),
      ...(derivation ? { derivation } : {}),
    };
  }

  scoord(n: SrContentNode): SrScoord {
    const image = n.children.map((c) => this.target(c)).find((c) => c.valueType === 'IMAGE')?.reference;
    return { position: n.position, ...withConcept(n), graphicType: n.graphicType ?? '', points: pairs(n.graphicData ?? []), ...(image ? { image } : {}) };
  }

  scoord3d(n: SrContentNode): SrScoord3d {
    return { position: n.position, ...withConcept(n), graphicType: n.graphicType ?? '', points: triplets(n.graphicData ?? []), frameOfReferenceUid: n.frameOfReferenceUid ?? '' };
  }

  group(node: SrContentNode, studyInstanceUid: string): SrMeasurementGroup {
    const g: SrMeasurementGroup = { position: node.position, findingSites: [], numerics: [], scoords: [], scoords3d: [], segments: [], images: [], texts: [] };
    if (node.templateId) g.templateId = node.templateId;
    const scoordImages = new Set<SrContentNode>();
    const items = [...walkContent(node)].slice(1);
    for (const n of items) if (n.valueType === 'SCOORD') for (const c of n.children) scoordImages.add(this.target(c));
    for (const n of items) {
      const directChild = node.children.includes(n);
      if (n.valueType === 'TEXT' && directChild && sameCode(n.conceptName, Codes.TrackingIdentifier)) g.trackingIdentifier = n.text ?? '';
      else if (n.valueType === 'UIDREF' && directChild && sameCode(n.conceptName, Codes.TrackingUniqueIdentifier)) g.trackingUid = n.uid ?? '';
      else if (n.valueType === 'CODE' && directChild && sameCode(n.conceptName, Codes.Finding) && n.code) g.finding = n.code;
      else if (n.valueType === 'CODE' && (sameCode(n.conceptName, Codes.FindingSite) || sameCode(n.conceptName, FINDING_SITE_SRT)) && n.code) g.findingSites.push(n.code);
      else if (n.valueType === 'NUM') g.numerics.push(this.numeric(n));
      else if (n.valueType === 'SCOORD') g.scoords.push(this.scoord(n));
      else if (n.valueType === 'SCOORD3D') g.scoords3d.push(this.scoord3d(n));
      else if ((n.valueType === 'IMAGE' || n.valueType === 'COMPOSITE') && n.reference && sameCode(n.conceptName, Codes.ReferencedSegment)) g.segments.push(n.reference);
      else if (n.valueType === 'IMAGE' && n.reference && !scoordImages.has(n)) g.images.push(n.reference);
      else if (n.valueType === 'TEXT') g.texts.push({ position: n.position, ...withConcept(n), text: n.text ?? '' });
    }
    const ours = g.trackingIdentifier !== undefined ? parseLightboxTrackingIdentifier(g.trackingIdentifier) : undefined;
    if (ours && g.trackingUid === measurementTrackingUid(studyInstanceUid, ours.id)) g.lightbox = ours;
    return g;
  }
}

function isGroup(n: SrContentNode): boolean {
  return n.valueType === 'CONTAINER' && sameCode(n.conceptName, Codes.MeasurementGroup);
}

/** Reads a Measurement Report. Throws when the data set is not an SR document. */
export function readMeasurementReport(ds: DicomJsonDataset): MeasurementReportModel {
  const root = readContentTree(ds);
  const reader = new TreeReader(root);
  const studyInstanceUid = stringValue(ds, Tag.StudyInstanceUID) ?? '';
  const manufacturer = stringValue(ds, '00080070');
  const model: MeasurementReportModel = {
    sopClassUid: stringValue(ds, Tag.SOPClassUID) ?? '',
    sopInstanceUid: stringValue(ds, Tag.SOPInstanceUID) ?? '',
    studyInstanceUid,
    seriesInstanceUid: stringValue(ds, Tag.SeriesInstanceUID) ?? '',
    ...(root.conceptName ? { title: root.conceptName } : {}),
    ...(root.templateId ? { templateId: root.templateId } : {}),
    ...(manufacturer ? { manufacturer } : {}),
    isOurs: manufacturer === LIGHTBOX_MANUFACTURER,
    observerNames: [],
    proceduresReported: [],
    imageLibrary: [],
    groups: [],
    outside: { numerics: [], scoords: [], scoords3d: [] },
  };

  // Depth first, stopping at groups: what a group holds is read by the group.
  const visit = (n: SrContentNode, inLibrary: boolean): void => {
    if (isGroup(n)) {
      model.groups.push(reader.group(n, studyInstanceUid));
      return;
    }
    if (n.valueType === 'CODE' && sameCode(n.conceptName, Codes.LanguageOfContent) && n.code && !model.language) model.language = n.code;
    else if (n.valueType === 'CODE' && sameCode(n.conceptName, Codes.ProcedureReported) && n.code) model.proceduresReported.push(n.code);
    else if (n.valueType === 'PNAME' && sameCode(n.conceptName, Codes.PersonObserverName)) model.observerNames.push(n.personName ?? '');
    else if (n.valueType === 'IMAGE' && inLibrary && n.reference) model.imageLibrary.push(n.reference);
    else if (n.valueType === 'NUM') model.outside.numerics.push(reader.numeric(n));
    else if (n.valueType === 'SCOORD') model.outside.scoords.push(reader.scoord(n));
    else if (n.valueType === 'SCOORD3D') model.outside.scoords3d.push(reader.scoord3d(n));
    const library = inLibrary || (n.valueType === 'CONTAINER' && sameCode(n.conceptName, Codes.ImageLibrary));
    for (const c of n.children) visit(c, library);
  };
  visit(root, false);
  return model;
}
