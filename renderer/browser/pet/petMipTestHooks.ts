import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { MipCamera } from '../../common/pet/mipCamera';

/** What the PET MIP cell reports to tests and benchmarks (never used by the UI). */
export interface PetMipProbe {
  /** The view's element (its box is the MIP's drawing area). */
  element?: HTMLElement;
  /** Degrees about the head–foot axis now (0: anterior). */
  angle: number;
  /** Frames the cine has turned since the cell mounted. */
  frames: number;
  playing: boolean;
  /** The camera as drawn and the view's size in CSS pixels: tests project patient points with them. */
  view?: () => { camera?: MipCamera; size: { width: number; height: number } };
  /** The last click: the line it cast (patient mm) and the hottest voxel found on it. */
  picked?: { ray: { origin: Vec3; direction: Vec3 }; point: Vec3; value: number };
  /** RGBA of the MIP's area as drawn (rows top to bottom), base64, after a synchronous render. */
  read?: () => { width: number; height: number; rgbaBase64: string } | undefined;
}

declare global {
  interface Window {
    __lightboxPetMip?: PetMipProbe;
  }
}

export function petMipHooks(): PetMipProbe {
  window.__lightboxPetMip ??= { angle: 0, frames: 0, playing: false };
  return window.__lightboxPetMip;
}
