import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { Vec3 } from '../../electron/common/dicom/geometry/vec3';
import type { MprPlaneName } from '../../renderer/common/mpr/mprGeometry';
import type { MprState } from '../../renderer/common/mpr/mprState';
import { E2E_DATA_DIR } from './browserModeServer';

/** The synthetic demo's ground truth (written by the generator beside the demo files). */
export interface PhantomObject {
  kind: string;
  name: string;
  center: number[];
  radius?: number;
  hu: number;
}

export function demoPhantom(): { objects: PhantomObject[]; studyUid: string } {
  const manifest = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, 'demo', 'lightbox-phantom.json'), 'utf8')) as {
    studies: Array<{ studyInstanceUid: string; phantom: PhantomObject[]; folder: string }>;
  };
  const current = manifest.studies.find((s) => s.folder.endsWith('current'))!;
  return { objects: current.phantom, studyUid: current.studyInstanceUid };
}

/** Waits for the MPR workspace to show its volume; returns its state. */
export async function waitForMpr(page: Page): Promise<MprState> {
  await expect.poll(() => page.evaluate(() => !!window.__lightboxMpr?.state && !!window.__lightboxMpr.geometry && window.__lightboxMpr.uploading === false), { timeout: 60_000 }).toBe(true);
  return page.evaluate(() => window.__lightboxMpr!.state!);
}

/** Replaces the MPR state (tests set exact slabs, centres and angles through the app's own state). */
export async function setMprState(page: Page, state: MprState): Promise<void> {
  await page.evaluate((s) => window.__lightboxMpr!.update!(() => s), state);
  await expect.poll(() => page.evaluate((s) => JSON.stringify(window.__lightboxMpr!.state) === s, JSON.stringify(state))).toBe(true);
}

export interface ViewPixels {
  width: number;
  height: number;
  rgba: Uint8Array;
  /** The view's top-left on the page (CSS px; device pixel ratio 1). */
  left: number;
  top: number;
}

/** The pixels of one MPR view (or the 3D view) as drawn, after a synchronous render. */
export async function readView(page: Page, view: MprPlaneName | '3d'): Promise<ViewPixels> {
  const px = await page.evaluate((testId) => {
    const rw = window.__lightboxViewer!.renderWindow!;
    const el = document.querySelector(`[data-testid="${testId}"]`)!;
    const canvasBox = rw.canvas.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const read = rw.readPixels({ x: box.left - canvasBox.left, y: box.top - canvasBox.top, width: box.width, height: box.height });
    let binary = '';
    for (let i = 0; i < read.rgba.length; i += 0x8000) binary += String.fromCharCode(...read.rgba.subarray(i, i + 0x8000));
    return { width: read.width, height: read.height, rgbaBase64: btoa(binary), left: box.left, top: box.top };
  }, `mpr-${view}`);
  return { width: px.width, height: px.height, left: px.left, top: px.top, rgba: new Uint8Array(Buffer.from(px.rgbaBase64, 'base64')) };
}

export const grayAt = (v: ViewPixels, x: number, y: number): number => v.rgba[(Math.round(y) * v.width + Math.round(x)) * 4]!;

/** Centroid and extent of the pixels brighter than `threshold` within `radius` of a point. */
export function brightBlob(v: ViewPixels, around: [number, number], radius: number, threshold: number): { x: number; y: number; count: number; left: number; right: number } {
  let sx = 0;
  let sy = 0;
  let count = 0;
  let left = Infinity;
  let right = -Infinity;
  for (let y = Math.max(0, Math.floor(around[1] - radius)); y <= Math.min(v.height - 1, around[1] + radius); y++)
    for (let x = Math.max(0, Math.floor(around[0] - radius)); x <= Math.min(v.width - 1, around[0] + radius); x++) {
      if (Math.hypot(x - around[0], y - around[1]) > radius || grayAt(v, x, y) <= threshold) continue;
      sx += x;
      sy += y;
      count++;
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  return { x: sx / count, y: sy / count, count, left, right };
}

/**
 * Where a patient point should appear in a plane view, computed here from the plane's axes and
 * the view's scale (not with the app's mapping): centre of the view + offset from the crosshair.
 */
export function expectedScreen(state: MprState, plane: MprPlaneName, mmPerPixel: number, size: { width: number; height: number }, p: Vec3): [number, number] {
  const d = [p[0] - state.center[0], p[1] - state.center[1], p[2] - state.center[2]];
  const { right, down } = state.planes[plane];
  const u = d[0]! * right[0] + d[1]! * right[1] + d[2]! * right[2] + state.views[plane].pan[0];
  const v = d[0]! * down[0] + d[1]! * down[1] + d[2]! * down[2] + state.views[plane].pan[1];
  return [size.width / 2 + u / mmPerPixel, size.height / 2 + v / mmPerPixel];
}

export async function mmPerPixel(page: Page, plane: MprPlaneName): Promise<number> {
  return page.evaluate((p) => window.__lightboxMpr!.planes[p]!.screen.mmPerPixel, plane);
}
