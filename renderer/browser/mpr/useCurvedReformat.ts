import { useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { smoothCenterline, straightenedReformat, stretchDirection, stretchedReformat, type Centerline, type Reformat } from '../../common/mpr/curvedReformat';
import type { MprPlaneName } from '../../common/mpr/mprGeometry';
import type { MprState } from '../../common/mpr/mprState';
import type { LoadedVolume } from './volumeSource';

/** Width of the straightened reformat and margin of the stretched one (mm). */
const CPR_WIDTH_MM = 40;

/** The centerline being drawn (control points, in the plane view they were clicked in) and whether it is finished. */
export interface DrawnCurve {
  plane: MprPlaneName;
  points: Vec3[];
  done: boolean;
}

export interface CurvedReformat {
  curve?: DrawnCurve;
  setCurve: Dispatch<SetStateAction<DrawnCurve | undefined>>;
  /** Where the cursor is along the line (mm of arc), shown in every view. */
  cursorArc?: number;
  setCursorArc: Dispatch<SetStateAction<number | undefined>>;
  /** The finished line, smoothed, and its two curved reformats. */
  curved?: { line: Centerline; straightened: Reformat; stretched: Reformat };
}

/** Curved planar reformation: the centerline the reader draws in a plane view, and the reformats along it. */
export function useCurvedReformat(volume: LoadedVolume | undefined, state: MprState | undefined, sampler: ((p: Vec3) => number) | undefined): CurvedReformat {
  const [curve, setCurve] = useState<DrawnCurve>();
  const [cursorArc, setCursorArc] = useState<number>();
  const curved = useMemo(() => {
    if (!volume || !state || !curve?.done || curve.points.length < 2) return undefined;
    const reference = state.planes[curve.plane].normal;
    const line = smoothCenterline(curve.points, reference);
    return { line, straightened: straightenedReformat(sampler!, line, CPR_WIDTH_MM), stretched: stretchedReformat(sampler!, line, stretchDirection(line, reference), CPR_WIDTH_MM) };
    // The reformats follow the line, not the crosshair or the window.
  }, [volume, curve]);
  return { curve, setCurve, cursorArc, setCursorArc, curved };
}
