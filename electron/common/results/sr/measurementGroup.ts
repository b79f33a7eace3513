import type { StoredMeasurement, StoredVolumeMeasurement } from '../../contract/hostContract';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { measurementTrackingUid } from '../nameBasedUid';
import { codeItem, container, numItem, scoord3dItem, scoordItem, textItem, uidItem, type ContentItem, type InstanceReference } from './contentItems';
import type { MeasuredValue, PlanarShape, VolumeShape } from './measurementGeometry';
import { Codes, Units, type Code } from './srCodes';

/**
 * One measurement as a TID 1501 Measurement Group: Tracking Identifier and Tracking Unique
 * Identifier (rows 2, 3), Finding (3b), Finding Site (6), then TID 300 measurements whose
 * geometry is a TID 320 SCOORD / SCOORD3D the value is INFERRED FROM.
 */

/** What the report says a measurement is of; both optional (TID 1501 rows 3b and 6 are U). */
export interface MeasurementFinding {
  finding?: Code;
  findingSite?: Code;
}

/** Region statistics in the image's modality units (what the viewer shows beside an ROI). */
export interface RegionStatisticsInput {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** The quantity region statistics measure: a CID 7180 concept and its unit. */
export interface IntensityQuantity {
  concept: Code;
  unit: Code;
}

/**
 * The quantity of modality values, from the series' own header: CT (or a Rescale Type of HU)
 * in Hounsfield units; PET in SUVbw where the stored values are SUV (Units GML) and Bq/ml where
 * they are activity (BQML); MR in arbitrary units. Other modalities: unknown (no statistics
 * are written unless the caller says what they are).
 */
export function intensityQuantityOf(ds: DicomJsonDataset | undefined): IntensityQuantity | undefined {
  const modality = stringValue(ds, Tag.Modality);
  if (modality === 'CT' || stringValue(ds, Tag.RescaleType) === 'HU') return { concept: Codes.AttenuationCoefficient, unit: Units.hounsfield };
  if (modality === 'PT') {
    const units = stringValue(ds, '00541001');
    if (units === 'GML') return { concept: Codes.SUVbw, unit: Units.suvbw };
    if (units === 'BQML') return { concept: Codes.NuclearMedicineTomographicActivity, unit: Units.becquerelsPerMl };
    return undefined;
  }
  if (modality === 'MR') return { concept: Codes.MRSignalIntensity, unit: Units.arbitrary };
  return undefined;
}

/** The Tracking Identifier of one of our groups: `lightbox/<2d|3d>/<kind>/<measurement id>`. */
export function lightboxTrackingIdentifier(dimension: '2d' | '3d', kind: string, id: string): string {
  return `lightbox/${dimension}/${kind}/${id}`;
}

const TRACKING_PATTERN = /^lightbox\/(2d|3d)\/([a-z]+)\/(.+)$/s;

export function parseLightboxTrackingIdentifier(text: string): { dimension: '2d' | '3d'; kind: string; id: string } | undefined {
  const m = TRACKING_PATTERN.exec(text);
  return m ? { dimension: m[1] as '2d' | '3d', kind: m[2]!, id: m[3]! } : undefined;
}

function statisticsItems(stats: RegionStatisticsInput | undefined, quantity: IntensityQuantity | undefined): ContentItem[] {
  if (!stats || !quantity) return [];
  const derived: Array<[Code, number]> = [
    [Codes.Mean, stats.mean],
    [Codes.StandardDeviation, stats.sd],
    [Codes.Minimum, stats.min],
    [Codes.Maximum, stats.max],
  ];
  // TID 300 row 4: the statistic is the measurement's Derivation (CID 7464).
  return derived.map(([derivation, value]) => numItem('CONTAINS', quantity.concept, value, quantity.unit, [codeItem('HAS CONCEPT MOD', Codes.Derivation, derivation)]));
}

interface GroupParts {
  studyInstanceUid: string;
  trackingIdentifier: string;
  measurementId: string;
  finding?: MeasurementFinding;
  value?: MeasuredValue;
  /** The shapes as content items, each to be the target of INFERRED FROM (or contained directly). */
  shapes: (relationship: 'INFERRED FROM' | 'CONTAINS') => ContentItem[];
  text?: string;
  stats?: RegionStatisticsInput;
  quantity?: IntensityQuantity;
}

function group(p: GroupParts): ContentItem {
  const children: ContentItem[] = [
    textItem('HAS OBS CONTEXT', Codes.TrackingIdentifier, p.trackingIdentifier),
    uidItem('HAS OBS CONTEXT', Codes.TrackingUniqueIdentifier, measurementTrackingUid(p.studyInstanceUid, p.measurementId)),
    ...(p.finding?.finding ? [codeItem('CONTAINS', Codes.Finding, p.finding.finding)] : []),
    ...(p.finding?.findingSite ? [codeItem('HAS CONCEPT MOD', Codes.FindingSite, p.finding.findingSite)] : []),
  ];
  // The shapes appear once: under the value they measure, else under the text that names them
  // (an arrow's label), else as the group's own Image Region.
  const text = p.text?.trim();
  if (p.value) children.push(numItem('CONTAINS', p.value.concept, p.value.value, p.value.unit, p.shapes('INFERRED FROM')));
  else if (!text) children.push(...p.shapes('CONTAINS'));
  children.push(...statisticsItems(p.stats, p.quantity));
  // TID 1501 row 12: a qualitative evaluation in words, after the measurements (row 10).
  if (text) children.push(textItem('CONTAINS', Codes.QualitativeEvaluations, text, p.value ? [] : p.shapes('INFERRED FROM')));
  return container('CONTAINS', Codes.MeasurementGroup, children, '1501');
}

export interface PlanarGroupInput {
  studyInstanceUid: string;
  measurement: StoredMeasurement;
  image: InstanceReference;
  value?: MeasuredValue;
  shapes: PlanarShape[];
  finding?: MeasurementFinding;
  stats?: RegionStatisticsInput;
  quantity?: IntensityQuantity;
}

export function planarMeasurementGroup(g: PlanarGroupInput): ContentItem {
  const m = g.measurement;
  return group({
    studyInstanceUid: g.studyInstanceUid,
    trackingIdentifier: lightboxTrackingIdentifier('2d', m.kind, m.id),
    measurementId: m.id,
    ...(g.finding ? { finding: g.finding } : {}),
    ...(g.value ? { value: g.value } : {}),
    ...(m.text ? { text: m.text } : {}),
    ...(g.stats ? { stats: g.stats } : {}),
    ...(g.quantity ? { quantity: g.quantity } : {}),
    shapes: (rel) => g.shapes.map((s) => scoordItem(rel, rel === 'CONTAINS' ? Codes.ImageRegion : undefined, s.graphicType, s.points, g.image)),
  });
}

export interface VolumeGroupInput {
  studyInstanceUid: string;
  measurement: StoredVolumeMeasurement;
  frameOfReferenceUid: string;
  value: MeasuredValue;
  shapes: VolumeShape[];
  finding?: MeasurementFinding;
  quantity?: IntensityQuantity;
}

export function volumeMeasurementGroup(g: VolumeGroupInput): ContentItem {
  const m = g.measurement;
  return group({
    studyInstanceUid: g.studyInstanceUid,
    trackingIdentifier: lightboxTrackingIdentifier('3d', m.kind, m.id),
    measurementId: m.id,
    value: g.value,
    ...(g.finding ? { finding: g.finding } : {}),
    ...(m.stats ? { stats: m.stats } : {}),
    ...(g.quantity ? { quantity: g.quantity } : {}),
    shapes: (rel) => g.shapes.map((s) => scoord3dItem(rel, rel === 'CONTAINS' ? Codes.ImageRegion : undefined, s.graphicType, s.points, g.frameOfReferenceUid)),
  });
}
