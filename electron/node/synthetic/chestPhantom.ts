import type { Vec3 } from '../../common/dicom/geometry/vec3';

/**
 * A chest CT phantom in patient coordinates (LPS, mm; +x patient left, +y posterior, +z head),
 * in Hounsfield units. Every object has a known position and size, so tests can measure them.
 */
export type PhantomObject =
  | { kind: 'ellipsoid'; name: string; center: Vec3; semiAxes: Vec3; hu: number }
  | { kind: 'cylinder'; name: string; center: [number, number]; radius: number; zRange: [number, number]; hu: number }
  | { kind: 'sphere'; name: string; center: Vec3; radius: number; hu: number }
  | {
      /** A vessel of known radius following a circular arc in the plane y = center[1]. */
      kind: 'arc-tube';
      name: string;
      center: Vec3;
      arcRadius: number;
      /** Start and end angle (radians) in the x–z plane, measured from +x towards +z. */
      angles: [number, number];
      tubeRadius: number;
      hu: number;
    };

export interface PhantomOptions {
  /** Nodule growth relative to the current study: the prior study uses < 1. */
  noduleScale?: number;
}

export const AIR_HU = -1000;

/** The objects, painted in order (later objects overwrite earlier ones). */
export function chestPhantomObjects(options: PhantomOptions = {}): PhantomObject[] {
  const g = options.noduleScale ?? 1;
  return [
    { kind: 'ellipsoid', name: 'body', center: [0, 0, 0], semiAxes: [160, 110, 400], hu: -100 },
    { kind: 'ellipsoid', name: 'soft tissue', center: [0, 0, 0], semiAxes: [148, 100, 400], hu: 40 },
    { kind: 'ellipsoid', name: 'right lung', center: [-70, 0, 10], semiAxes: [52, 72, 125], hu: -850 },
    { kind: 'ellipsoid', name: 'left lung', center: [70, 0, 10], semiAxes: [52, 72, 125], hu: -850 },
    { kind: 'cylinder', name: 'spine', center: [0, 82], radius: 16, zRange: [-400, 400], hu: 700 },
    { kind: 'cylinder', name: 'sternum', center: [0, -92], radius: 7, zRange: [-80, 100], hu: 500 },
    { kind: 'cylinder', name: 'aorta', center: [22, 35], radius: 12, zRange: [-400, 400], hu: 300 },
    { kind: 'cylinder', name: 'calibration rod', center: [110, 50], radius: 10, zRange: [-100, 100], hu: 200 },
    { kind: 'sphere', name: 'nodule A', center: [62, -12, 22], radius: 6 * g, hu: 60 },
    { kind: 'sphere', name: 'nodule B', center: [-78, 14, -38], radius: 9 * g, hu: 50 },
    { kind: 'sphere', name: 'nodule C', center: [-58, -24, 64], radius: 4 * g, hu: 40 },
    {
      kind: 'arc-tube',
      name: 'curved vessel',
      center: [60, 20, 0],
      arcRadius: 40,
      angles: [-Math.PI / 2, Math.PI / 2],
      tubeRadius: 3,
      hu: 350,
    },
  ];
}

/** Length of an arc-tube's centerline in mm. */
export function arcLength(o: Extract<PhantomObject, { kind: 'arc-tube' }>): number {
  return o.arcRadius * Math.abs(o.angles[1] - o.angles[0]);
}

/** An object compiled for fast point tests: a bounding box first, then the exact shape. */
interface CompiledObject {
  min: Vec3;
  max: Vec3;
  hu: number;
  contains(x: number, y: number, z: number): boolean;
}

function compile(o: PhantomObject): CompiledObject {
  switch (o.kind) {
    case 'ellipsoid': {
      const [cx, cy, cz] = o.center;
      const [ax, ay, az] = o.semiAxes;
      return {
        min: [cx - ax, cy - ay, cz - az],
        max: [cx + ax, cy + ay, cz + az],
        hu: o.hu,
        contains: (x, y, z) => ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2 + ((z - cz) / az) ** 2 <= 1,
      };
    }
    case 'cylinder': {
      const [cx, cy] = o.center;
      const r2 = o.radius * o.radius;
      return {
        min: [cx - o.radius, cy - o.radius, o.zRange[0]],
        max: [cx + o.radius, cy + o.radius, o.zRange[1]],
        hu: o.hu,
        contains: (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r2,
      };
    }
    case 'sphere': {
      const [cx, cy, cz] = o.center;
      const r2 = o.radius * o.radius;
      return {
        min: [cx - o.radius, cy - o.radius, cz - o.radius],
        max: [cx + o.radius, cy + o.radius, cz + o.radius],
        hu: o.hu,
        contains: (x, y, z) => (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r2,
      };
    }
    case 'arc-tube': {
      const [cx, cy, cz] = o.center;
      const reach = o.arcRadius + o.tubeRadius;
      const ends = o.angles.map((a) => [o.arcRadius * Math.cos(a), o.arcRadius * Math.sin(a)] as const);
      return {
        min: [cx - reach, cy - o.tubeRadius, cz - reach],
        max: [cx + reach, cy + o.tubeRadius, cz + reach],
        hu: o.hu,
        contains: (x, y, z) => {
          const dy = y - cy;
          const qx = x - cx;
          const qz = z - cz;
          const angle = Math.atan2(qz, qx);
          const d =
            angle >= o.angles[0] && angle <= o.angles[1]
              ? Math.hypot(Math.hypot(qx, qz) - o.arcRadius, dy)
              : Math.min(...ends.map(([ex, ez]) => Math.hypot(qx - ex, dy, qz - ez)));
          return d <= o.tubeRadius;
        },
      };
    }
  }
}

export type HuSampler = (x: number, y: number, z: number) => number;

export interface CompiledPhantom {
  /** HU at a point (last object wins, else air). */
  huAt: HuSampler;
  /** The same, restricted to objects that can touch the box [min, max]: much faster for one image row. */
  within(min: Vec3, max: Vec3): HuSampler;
}

function sampler(compiled: CompiledObject[]): HuSampler {
  const n = compiled.length;
  return (x, y, z) => {
    for (let i = n - 1; i >= 0; i--) {
      const o = compiled[i]!;
      if (x < o.min[0] || x > o.max[0] || y < o.min[1] || y > o.max[1] || z < o.min[2] || z > o.max[2]) continue;
      if (o.contains(x, y, z)) return o.hu;
    }
    return AIR_HU;
  };
}

/** Compiles the phantom once for fast sampling. */
export function compilePhantom(objects: PhantomObject[]): CompiledPhantom {
  const compiled = objects.map(compile);
  return {
    huAt: sampler(compiled),
    within: (min, max) =>
      sampler(compiled.filter((o) => o.max[0] >= min[0] && o.min[0] <= max[0] && o.max[1] >= min[1] && o.min[1] <= max[1] && o.max[2] >= min[2] && o.min[2] <= max[2])),
  };
}
