import type { Vec3 } from '../../common/dicom/geometry/vec3';

/**
 * A digital reference object for PET/CT, in the spirit of the QIBA FDG-PET/CT DRO (Pierce et al.,
 * Radiology 2015;277:538): a warm elliptical body, a cold lung-like cylinder and six hot spheres of
 * the NEMA/IEC body-phantom diameters, each with a known SUVbw. A voxel takes the value of the object
 * that holds its centre (no partial volume, blur or noise), so the known SUVs hold voxel by voxel
 * and what a measurement gets wrong is the measurement's own doing.
 */
export interface DroSphere {
  name: string;
  centre: Vec3;
  diameterMm: number;
  suv: number;
  hu: number;
}

export interface PetCtDroTruth {
  patient: { weightKg: number; heightM: number; sex: 'M' | 'F' };
  /** Radiopharmaceutical: F-18 FDG. */
  injection: { doseBq: number; dateTime: string; halfLifeSeconds: number };
  /** The PET's Series Date/Time, which its values are decay corrected to (START). */
  petSeriesDateTime: string;
  body: { semiAxesMm: [number, number]; zRangeMm: [number, number]; suv: number; hu: number };
  lung: { radiusMm: number; suv: number; hu: number };
  spheres: DroSphere[];
}

/** F-18 half-life, s (NIST: 109.77 min). */
export const F18_HALF_LIFE_SECONDS = 6586.2;

export function petCtDroTruth(): PetCtDroTruth {
  const diameters = [10, 13, 17, 22, 28, 37];
  const suvs = [8, 6, 5, 4, 3, 2.5];
  return {
    patient: { weightKg: 75, heightM: 1.75, sex: 'M' },
    injection: { doseBq: 370e6, dateTime: '20261120080000', halfLifeSeconds: F18_HALF_LIFE_SECONDS },
    petSeriesDateTime: '20261120090000',
    body: { semiAxesMm: [130, 95], zRangeMm: [-200, 200], suv: 1, hu: 0 },
    lung: { radiusMm: 22, suv: 0.3, hu: -800 },
    // On a ring of 57 mm around the lung cylinder, in the plane z = 0 (NEMA/IEC arrangement).
    spheres: diameters.map((d, n) => {
      const angle = (n * Math.PI) / 3;
      return { name: `sphere ${d} mm`, centre: [57 * Math.cos(angle), 57 * Math.sin(angle), n % 2 ? 6 : -4] as Vec3, diameterMm: d, suv: suvs[n]!, hu: 60 };
    }),
  };
}

/** The object at a patient point: its SUVbw and CT number (air outside the body). */
export function droValueAt(truth: PetCtDroTruth, p: Vec3): { suv: number; hu: number } {
  for (const s of truth.spheres) {
    const r = s.diameterMm / 2;
    if ((p[0] - s.centre[0]) ** 2 + (p[1] - s.centre[1]) ** 2 + (p[2] - s.centre[2]) ** 2 <= r * r) return { suv: s.suv, hu: s.hu };
  }
  const { body, lung } = truth;
  if (p[2] < body.zRangeMm[0] || p[2] > body.zRangeMm[1]) return { suv: 0, hu: -1000 };
  if ((p[0] / body.semiAxesMm[0]) ** 2 + (p[1] / body.semiAxesMm[1]) ** 2 > 1) return { suv: 0, hu: -1000 };
  if (p[0] ** 2 + p[1] ** 2 <= lung.radiusMm ** 2) return { suv: lung.suv, hu: lung.hu };
  return { suv: body.suv, hu: body.hu };
}
