import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { MprPlaneName, VolumeGeometry } from '../../common/mpr/mprGeometry';
import type { MprState, PlaneScreen } from '../../common/mpr/mprState';

/** What the MPR workspace reports to tests and benchmarks (never used by the UI). */
export interface MprProbe {
  state?: MprState;
  geometry?: VolumeGeometry;
  /** Stored values of the volume and their type, for reference computations in tests. */
  volume?: { samples: ArrayLike<number>; dimensions: [number, number, number]; rescale: { slope: number; intercept: number } };
  notices: string[];
  /** Per plane shown: its viewport element and its screen mapping. */
  planes: Partial<Record<MprPlaneName, { element: HTMLElement; screen: PlaneScreen }>>;
  /** Viewport-relative CSS pixel of a patient point in a plane view, plus the viewport's client offset. */
  toClient(plane: MprPlaneName, p: Vec3): [number, number] | undefined;
  threeD?: { element: HTMLElement; atRest: () => boolean };
  /** The volume texture is still being sent to the GPU (the views fill in slab by slab). */
  uploading?: boolean;
  /** The finished centerline of the curved MPR. */
  curve?: { length: number };
  /** Set by the workspace: apply a state change (tests drive slabs and oblique angles exactly). */
  update?: (change: (s: MprState) => MprState) => void;
}

declare global {
  interface Window {
    __lightboxMpr?: MprProbe;
  }
}

export function mprHooks(): MprProbe {
  window.__lightboxMpr ??= {
    notices: [],
    planes: {},
    toClient(plane, p) {
      const view = this.planes[plane];
      if (!view) return undefined;
      const box = view.element.getBoundingClientRect();
      const [x, y] = view.screen.toScreen(p);
      return [box.left + x, box.top + y];
    },
  };
  return window.__lightboxMpr;
}
