import type { Vec3 } from '../dicom/geometry/vec3';

/**
 * A 4×4 homogeneous transform of patient points (LPS mm), 16 values row-major as DICOM's Frame of
 * Reference Transformation Matrix (3006,00C6) stores it: x' = m0·x + m1·y + m2·z + m3, and so on.
 */
export type Matrix4 = readonly number[];

export const IDENTITY: Matrix4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** a·b: first b, then a. */
export function multiply(a: Matrix4, b: Matrix4): number[] {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++)
    for (let c = 0; c < 4; c++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[4 * r + k]! * b[4 * k + c]!;
      out[4 * r + c] = sum;
    }
  return out;
}

/** Where the transform puts a point. */
export function applyToPoint(m: Matrix4, p: Vec3): Vec3 {
  return [
    m[0]! * p[0] + m[1]! * p[1] + m[2]! * p[2] + m[3]!,
    m[4]! * p[0] + m[5]! * p[1] + m[6]! * p[2] + m[7]!,
    m[8]! * p[0] + m[9]! * p[1] + m[10]! * p[2] + m[11]!,
  ];
}

/** The inverse of an affine transform (bottom row 0 0 0 1); undefined when its 3×3 part is singular. */
export function invertAffine(m: Matrix4): number[] | undefined {
  const [a, b, c, , d, e, f, , g, h, i] = m as number[];
  const A = e! * i! - f! * h!;
  const B = -(d! * i! - f! * g!);
  const C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return undefined;
  const inv3 = [
    A / det, -(b! * i! - c! * h!) / det, (b! * f! - c! * e!) / det,
    B / det, (a! * i! - c! * g!) / det, -(a! * f! - c! * d!) / det,
    C / det, -(a! * h! - b! * g!) / det, (a! * e! - b! * d!) / det,
  ];
  const t: Vec3 = [m[3]!, m[7]!, m[11]!];
  const row = (r: number) => -(inv3[3 * r]! * t[0] + inv3[3 * r + 1]! * t[1] + inv3[3 * r + 2]! * t[2]);
  return [inv3[0]!, inv3[1]!, inv3[2]!, row(0), inv3[3]!, inv3[4]!, inv3[5]!, row(1), inv3[6]!, inv3[7]!, inv3[8]!, row(2), 0, 0, 0, 1];
}

/** Why a matrix is not a rigid transform (rotation and translation only), or undefined when it is. */
export function rigidProblem(m: Matrix4, tolerance = 1e-4): string | undefined {
  if (m.length !== 16 || m.some((x) => !Number.isFinite(x))) return 'the matrix does not have 16 finite values';
  if (Math.abs(m[12]!) > tolerance || Math.abs(m[13]!) > tolerance || Math.abs(m[14]!) > tolerance || Math.abs(m[15]! - 1) > tolerance) return 'the bottom row is not 0 0 0 1';
  // Rows of the 3×3 part orthonormal, determinant +1 (no mirror).
  for (let r = 0; r < 3; r++)
    for (let s = r; s < 3; s++) {
      const d = m[4 * r]! * m[4 * s]! + m[4 * r + 1]! * m[4 * s + 1]! + m[4 * r + 2]! * m[4 * s + 2]!;
      if (Math.abs(d - (r === s ? 1 : 0)) > tolerance) return 'the 3×3 part is not a rotation (rows not orthonormal)';
    }
  const det = m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) + m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!);
  if (det < 0) return 'the 3×3 part mirrors (determinant −1)';
  return undefined;
}

/** Manual alignment: a translation (mm) and rotations (degrees) about the patient x, y and z axes through a centre. */
export interface RigidAdjustment {
  translate: Vec3;
  rotateDegrees: Vec3;
}

export const NO_ADJUSTMENT: RigidAdjustment = { translate: [0, 0, 0], rotateDegrees: [0, 0, 0] };

const translation = (t: Vec3): number[] => [1, 0, 0, t[0], 0, 1, 0, t[1], 0, 0, 1, t[2], 0, 0, 0, 1];

/**
 * The rigid transform of an adjustment: rotate about x, then y, then z, around `centre`, then
 * translate. Rotating around the fused volume's centre keeps it in view while it turns.
 */
export function adjustmentMatrix(a: RigidAdjustment, centre: Vec3): number[] {
  const [ax, ay, az] = a.rotateDegrees.map((d) => (d * Math.PI) / 180) as [number, number, number];
  const rx = [1, 0, 0, 0, 0, Math.cos(ax), -Math.sin(ax), 0, 0, Math.sin(ax), Math.cos(ax), 0, 0, 0, 0, 1];
  const ry = [Math.cos(ay), 0, Math.sin(ay), 0, 0, 1, 0, 0, -Math.sin(ay), 0, Math.cos(ay), 0, 0, 0, 0, 1];
  const rz = [Math.cos(az), -Math.sin(az), 0, 0, Math.sin(az), Math.cos(az), 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const rotation = multiply(rz, multiply(ry, rx));
  const around = multiply(translation(centre), multiply(rotation, translation([-centre[0], -centre[1], -centre[2]])));
  return multiply(translation(a.translate), around);
}
