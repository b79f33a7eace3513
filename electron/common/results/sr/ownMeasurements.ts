import type { StoredMeasurement } from '../../contract/hostContract';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { ellipseCorners, frameSpacing, MIN_POINTS } from './measurementGeometry';
import type { MeasurementReportModel, SrMeasurementGroup } from './readMeasurementReport';
import { Codes, sameCode } from './srCodes';

/**
 * The app's own measurements back from a report we wrote (groups with `lightbox` identity), so
 * that a later session can show and edit them: 2D measurements whole, in the stored form
 * (image-plane mm); MPR measurements as their kind, points and frame of reference, to be
 * matched by id (the report does not carry the drawing plane).
 */

export interface RecoveredVolumeMeasurement {
  id: string;
  kind: string;
  points: Array<[number, number, number]>;
  frameOfReferenceUid: string;
}

export interface RecoveredMeasurements {
  measurements: StoredMeasurement[];
  volumeMeasurements: RecoveredVolumeMeasurement[];
  /** Our groups that could not be turned back (image not among the datasets, shape missing). */
  unreadable: Array<{ id: string; reason: string }>;
}

type P2 = [number, number];
const KINDS = new Set<string>(Object.keys(MIN_POINTS));

function pointsOf(kind: StoredMeasurement['kind'], g: SrMeasurementGroup): P2[] {
  const [first, second] = g.scoords;
  const p = first?.points ?? [];
  switch (kind) {
    case 'cobb':
      return [...p, ...(second?.points ?? [])];
    case 'ellipse':
      return p.length >= 4 ? ellipseCorners(p) : [];
    case 'rectangle':
      return p.length >= 3 ? [p[0]!, p[2]!] : [];
    case 'freehand':
      return p.slice(0, -1); // drop the closing point
    default:
      return p;
  }
}

function storedOf(g: SrMeasurementGroup, bySop: Map<string, DicomJsonDataset>): StoredMeasurement | string {
  const identity = g.lightbox!;
  if (!KINDS.has(identity.kind)) return `unknown kind ${identity.kind}`;
  const kind = identity.kind as StoredMeasurement['kind'];
  const image = g.scoords[0]?.image;
  if (!image) return 'no SCOORD with an image';
  const ds = bySop.get(image.sopInstanceUid);
  if (!ds) return `image ${image.sopInstanceUid} is not among the datasets`;
  const frame = image.frames?.[0] ?? 1;
  const [rowSpacing, columnSpacing] = frameSpacing(ds, frame).spacing;
  const points = pointsOf(kind, g).map(([column, row]): P2 => [column * columnSpacing, row * rowSpacing]);
  if (points.length < MIN_POINTS[kind]) return `${kind} needs ${MIN_POINTS[kind]} points, the report has ${points.length}`;
  const text = g.texts.find((t) => sameCode(t.conceptName, Codes.QualitativeEvaluations))?.text;
  return {
    id: identity.id,
    kind,
    seriesInstanceUid: stringValue(ds, Tag.SeriesInstanceUID) ?? '',
    sopInstanceUid: image.sopInstanceUid,
    frame,
    points,
    ...(text ? { text } : {}),
  };
}

export function recoverOwnMeasurements(report: MeasurementReportModel, datasets: DicomJsonDataset[]): RecoveredMeasurements {
  const bySop = new Map(datasets.map((ds) => [stringValue(ds, Tag.SOPInstanceUID) ?? '', ds]));
  const out: RecoveredMeasurements = { measurements: [], volumeMeasurements: [], unreadable: [] };
  for (const g of report.groups) {
    if (!g.lightbox) continue;
    if (g.lightbox.dimension === '3d') {
      const shape = g.scoords3d[0];
      if (!shape) out.unreadable.push({ id: g.lightbox.id, reason: 'no SCOORD3D' });
      else out.volumeMeasurements.push({ id: g.lightbox.id, kind: g.lightbox.kind, points: shape.points, frameOfReferenceUid: shape.frameOfReferenceUid });
      continue;
    }
    const stored = storedOf(g, bySop);
    if (typeof stored === 'string') out.unreadable.push({ id: g.lightbox.id, reason: stored });
    else out.measurements.push(stored);
  }
  return out;
}
