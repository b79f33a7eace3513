import type { Vec3 } from '../../dicom/geometry/vec3';
import { matchPlane, planeSet, type ImagePlane } from '../imagePlanes';
import type { RtContour, RtStructureSet } from './rtStructModel';

/** Where one contour goes: the image it lies on, and how that was decided. */
export interface ContourPlacement {
  roiNumber: number;
  /** Index into the structure's `contours`. */
  contourIndex: number;
  sopInstanceUid?: string;
  frame?: number;
  /**
   * reference: the contour's Contour Image Sequence names an image of the set; plane: no usable
   * reference, and every vertex lies within half a slice thickness of the image's plane; none: neither.
   */
  matchedBy: 'reference' | 'plane' | 'none';
  /** Plane matches: largest distance (mm) of a vertex from the image plane. */
  distanceMm?: number;
}

function vertices(contour: RtContour): Vec3[] {
  const out: Vec3[] = [];
  for (let i = 0; i + 2 < contour.points.length; i += 3) out.push([contour.points[i]!, contour.points[i + 1]!, contour.points[i + 2]!]);
  return out;
}

/**
 * Places every contour of a structure set on the images at hand (`imagePlanesOf` of each image of
 * the referenced series): by the image its Contour Image Sequence names when that image is among
 * `images`, otherwise by plane distance — all its vertices within the tolerance (default: half the
 * image's slice thickness) of one image plane of the ROI's Frame of Reference, the nearest winning.
 */
export function matchContoursToImages(set: RtStructureSet, images: readonly ImagePlane[], options: { toleranceMm?: number } = {}): ContourPlacement[] {
  const byKey = new Map(images.map((p) => [`${p.sopInstanceUid}|${p.frame}`, p]));
  const planes = planeSet(images, options.toleranceMm);
  const out: ContourPlacement[] = [];
  for (const structure of set.structures) {
    structure.contours.forEach((contour, contourIndex) => {
      const base = { roiNumber: structure.roiNumber, contourIndex };
      const referenced = contour.images.map((ref) => byKey.get(`${ref.sopInstanceUid}|${ref.frame}`)).find((p) => p !== undefined);
      if (referenced) {
        out.push({ ...base, sopInstanceUid: referenced.sopInstanceUid, frame: referenced.frame, matchedBy: 'reference' });
        return;
      }
      const frameOfReferenceUid = structure.frameOfReferenceUid ?? set.frameOfReferenceUids[0];
      const match = matchPlane(vertices(contour), planes, frameOfReferenceUid ? { frameOfReferenceUid } : {});
      out.push(match ? { ...base, sopInstanceUid: match.plane.sopInstanceUid, frame: match.plane.frame, matchedBy: 'plane', distanceMm: match.distance } : { ...base, matchedBy: 'none' });
    });
  }
  return out;
}

/** The placements on one image frame, for drawing it. */
export function placementsOnImage(placements: readonly ContourPlacement[], sopInstanceUid: string, frame = 1): ContourPlacement[] {
  return placements.filter((p) => p.sopInstanceUid === sopInstanceUid && p.frame === frame);
}
