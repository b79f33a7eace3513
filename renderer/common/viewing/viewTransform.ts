/**
 * The 2D view of an image in a viewport: which image point sits at the viewport centre, at what
 * magnification, rotated and flipped how. Image-plane coordinates are mm from the image's top-left
 * corner along rows (x) and down columns (y); screen coordinates are CSS pixels from the viewport's
 * top-left. One transform serves the renderer's camera, the overlays and the measurement tools.
 */
export type Rotation = 0 | 90 | 180 | 270;
export type Point2 = [number, number];

export interface ViewTransform {
  /** Image-plane point (mm) shown at the viewport centre. */
  center: Point2;
  /** CSS pixels per mm. */
  scale: number;
  /** Clockwise rotation of the image on screen. */
  rotation: Rotation;
  flipH: boolean;
  flipV: boolean;
}

export interface ViewportSize {
  width: number;
  height: number;
}

/** Size of an image on its plane, in mm. */
export interface PlaneSize {
  width: number;
  height: number;
}

function rotate([x, y]: Point2, degrees: number): Point2 {
  const r = (degrees * Math.PI) / 180;
  const c = Math.round(Math.cos(r));
  const s = Math.round(Math.sin(r));
  return [x * c - y * s, x * s + y * c];
}

export function imageToScreen(t: ViewTransform, vp: ViewportSize, p: Point2): Point2 {
  let v: Point2 = [p[0] - t.center[0], p[1] - t.center[1]];
  if (t.flipH) v = [-v[0], v[1]];
  if (t.flipV) v = [v[0], -v[1]];
  v = rotate(v, t.rotation);
  return [vp.width / 2 + v[0] * t.scale, vp.height / 2 + v[1] * t.scale];
}

export function screenToImage(t: ViewTransform, vp: ViewportSize, s: Point2): Point2 {
  let v: Point2 = [(s[0] - vp.width / 2) / t.scale, (s[1] - vp.height / 2) / t.scale];
  v = rotate(v, -t.rotation);
  if (t.flipV) v = [v[0], -v[1]];
  if (t.flipH) v = [-v[0], v[1]];
  return [v[0] + t.center[0], v[1] + t.center[1]];
}

/** Direction on the image plane that points right / up on screen (unit vectors). */
export function screenAxesOnImage(t: ViewTransform): { right: Point2; up: Point2 } {
  const o = screenToImage(t, { width: 0, height: 0 }, [0, 0]);
  const r = screenToImage(t, { width: 0, height: 0 }, [t.scale, 0]);
  const u = screenToImage(t, { width: 0, height: 0 }, [0, -t.scale]);
  return { right: [r[0] - o[0], r[1] - o[1]], up: [u[0] - o[0], u[1] - o[1]] };
}

/** Whole image in the viewport, centred, at the largest scale that fits. */
export function fitTransform(plane: PlaneSize, vp: ViewportSize, keep?: Pick<ViewTransform, 'rotation' | 'flipH' | 'flipV'>): ViewTransform {
  const rotation = keep?.rotation ?? 0;
  const sideways = rotation === 90 || rotation === 270;
  const w = sideways ? plane.height : plane.width;
  const h = sideways ? plane.width : plane.height;
  const scale = Math.min(vp.width / w, vp.height / h);
  return { center: [plane.width / 2, plane.height / 2], scale: scale > 0 && Number.isFinite(scale) ? scale : 1, rotation, flipH: keep?.flipH ?? false, flipV: keep?.flipV ?? false };
}

/**
 * One image pixel per device pixel along rows, with the image's corner on a device-pixel boundary,
 * so that nothing is resampled (what the pixel-exact comparison with dcmtk needs).
 */
export function oneToOneTransform(plane: PlaneSize, columnSpacing: number, vp: ViewportSize, devicePixelRatio: number, keep?: Pick<ViewTransform, 'rotation' | 'flipH' | 'flipV'>): ViewTransform {
  const base = fitTransform(plane, vp, keep);
  const scale = devicePixelRatio > 0 ? 1 / (columnSpacing * devicePixelRatio) : 1 / columnSpacing;
  const t = { ...base, scale };
  // Snap: the top-left corner of the image must land on a whole device pixel.
  const corner = imageToScreen(t, vp, [0, 0]);
  const snap = (v: number): number => (Math.round(v * devicePixelRatio) / devicePixelRatio - v) / scale;
  const delta = rotate([snap(corner[0]), snap(corner[1])], -t.rotation);
  return { ...t, center: [t.center[0] - (t.flipH ? -delta[0] : delta[0]), t.center[1] - (t.flipV ? -delta[1] : delta[1])] };
}

/** Zooms by `factor` keeping the image point under `anchor` (screen) fixed. */
export function zoomAbout(t: ViewTransform, vp: ViewportSize, factor: number, anchor: Point2): ViewTransform {
  const before = screenToImage(t, vp, anchor);
  const zoomed = { ...t, scale: Math.min(200, Math.max(0.01, t.scale * factor)) };
  const after = screenToImage(zoomed, vp, anchor);
  return { ...zoomed, center: [zoomed.center[0] + before[0] - after[0], zoomed.center[1] + before[1] - after[1]] };
}

/** Moves the image with the pointer by a screen delta. */
export function panBy(t: ViewTransform, vp: ViewportSize, dx: number, dy: number): ViewTransform {
  const a = screenToImage(t, vp, [0, 0]);
  const b = screenToImage(t, vp, [dx, dy]);
  return { ...t, center: [t.center[0] - (b[0] - a[0]), t.center[1] - (b[1] - a[1])] };
}
