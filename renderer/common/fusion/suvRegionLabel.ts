import type { Point2 } from '../viewing/viewTransform';
import type { FusionSource } from './fusionSource';
import { DEFAULT_SUV_THRESHOLD, ellipseSuvStatistics, formatMetabolicThreshold, imagePlaneToPatient, parseMetabolicThreshold, sphereSuvStatistics, type ImagePlane, type SuvRoiStatistics, type SuvSphereStatistics } from './suvRegions';

/**
 * An SUV region drawn on an image: an ellipse ("SUV ROI", its box's corners) or a sphere ("SUV
 * sphere", centre then a point on its rim, in the image's plane), in image-plane mm. Kept in the
 * session (not with the study's stored measurements: the stored form and the SR report know no
 * SUV regions), so they go when the viewer closes.
 */
export interface SuvRegion {
  id: string;
  kind: 'suvRoi' | 'suvSphere';
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frame: number;
  points: [Point2, Point2];
  /** The sphere's metabolic-volume threshold as the reader wrote it: `2.5` / `SUV 2.5` or `41%`. */
  threshold?: string;
}

export type SuvRegionResult =
  | { kind: 'suvRoi'; stats: SuvRoiStatistics }
  | { kind: 'suvSphere'; radiusMm: number; stats: SuvSphereStatistics }
  | { kind: 'none'; why: string };

const fmt = (v: number, digits = 2): string => v.toFixed(digits);

/** The sphere's radius: the distance from its centre to the rim point, in the plane it was drawn in. */
export const sphereRadiusMm = (r: Pick<SuvRegion, 'points'>): number => Math.hypot(r.points[1][0] - r.points[0][0], r.points[1][1] - r.points[0][1]);

/** A region's statistics from the PET's SUV volume (the source), the image's plane placing it in patient space. */
export function suvRegionResult(region: SuvRegion, source: FusionSource | undefined, plane: ImagePlane | undefined): SuvRegionResult {
  if (!source || !source.suv || !source.volume) return { kind: 'none', why: source ? `no SUV: the PET is in ${source.unit}` : 'no PET with SUV here' };
  if (!plane) return { kind: 'none', why: 'the image has no position in patient space' };
  const volume = source.volume();
  if (region.kind === 'suvRoi') {
    const stats = ellipseSuvStatistics(volume, plane, region.points[0], region.points[1]);
    return stats ? { kind: 'suvRoi', stats } : { kind: 'none', why: 'no PET voxel in the ellipse' };
  }
  const radiusMm = sphereRadiusMm(region);
  const threshold = parseMetabolicThreshold(region.threshold ?? '') ?? { suv: DEFAULT_SUV_THRESHOLD };
  const stats = sphereSuvStatistics(volume, imagePlaneToPatient(plane, region.points[0]), radiusMm, threshold);
  return stats ? { kind: 'suvSphere', radiusMm, stats } : { kind: 'none', why: 'no PET voxel in the sphere' };
}

/** The lines beside a region; the first says "SUV (edited)" while the reader's overrides are in force. */
export function suvRegionLines(result: SuvRegionResult, edited: boolean): string[] {
  const head = edited ? ['SUV (edited)'] : [];
  if (result.kind === 'none') return [...head, result.why];
  const s = result.stats;
  const common = `SUVmax ${fmt(s.suvMax)} SUVmean ${fmt(s.suvMean)}`;
  if (result.kind === 'suvRoi') return [...head, common, `${result.stats.voxels} PET voxels on ${result.stats.slices} slice${result.stats.slices === 1 ? '' : 's'}`];
  const t = result.stats;
  return [
    ...head,
    common,
    `SUVpeak ${t.suvPeak !== undefined ? fmt(t.suvPeak) : '—'}  r ${fmt(result.radiusMm, 1)} mm (${fmt(t.volumeMl, 1)} ml)`,
    `MTV ${fmt(t.metabolicVolumeMl, 1)} ml TLG ${fmt(t.tlg, 1)} (≥ ${formatMetabolicThreshold(t.threshold)}${'percentOfMax' in t.threshold ? ` = SUV ${fmt(t.thresholdSuv)}` : ''})`,
  ];
}
