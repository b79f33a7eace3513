import { dot, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { ScreenPlane } from '../../common/mpr/mprGeometry';

const SIZE = 64;
const FACES: Array<{ normal: Vec3; label: string }> = [
  { normal: [1, 0, 0], label: 'L' },
  { normal: [-1, 0, 0], label: 'R' },
  { normal: [0, 1, 0], label: 'P' },
  { normal: [0, -1, 0], label: 'A' },
  { normal: [0, 0, 1], label: 'H' },
  { normal: [0, 0, -1], label: 'F' },
];

/** The faces of a unit cube around `normal`, as its 4 corners (LPS). */
function corners(normal: Vec3): Vec3[] {
  const axis = normal.findIndex((c) => c !== 0);
  const [u, v] = [0, 1, 2].filter((i) => i !== axis) as [number, number];
  return [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ].map(([a, b]) => {
    const p: Vec3 = [...normal];
    p[u] = a!;
    p[v] = b!;
    return p;
  });
}

/** The patient as a lettered cube turned like the 3D view's camera (faces towards the reader only). */
export function OrientationCube({ camera }: { camera: ScreenPlane }) {
  const project = (p: Vec3): [number, number] => [SIZE / 2 + dot(p, camera.right) * SIZE * 0.28, SIZE / 2 + dot(p, camera.down) * SIZE * 0.28];
  // Faces whose normal points back at the camera, farthest first.
  const visible = FACES.filter((f) => dot(f.normal, camera.normal) < -1e-3).sort((a, b) => dot(b.normal, camera.normal) - dot(a.normal, camera.normal));
  return (
    <svg className="orientation-cube" width={SIZE} height={SIZE} data-testid="orientation-cube" aria-hidden="true">
      {visible.map((f) => {
        const pts = corners(f.normal).map(project);
        const [cx, cy] = project(f.normal);
        const facing = -dot(f.normal, camera.normal);
        return (
          <g key={f.label} data-face={f.label}>
            <polygon points={pts.map((p) => p.join(',')).join(' ')} fill={`rgba(90,130,190,${0.25 + 0.5 * facing})`} stroke="#9bb7e0" strokeWidth={1} />
            {facing > 0.3 && (
              <text x={cx} y={cy + 4} textAnchor="middle" fontSize={12} fill="#fff">
                {f.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
