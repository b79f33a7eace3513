import type { LookupTable, VoiLutFunction } from '../model/pixelDescription';
import { lookup } from './modalityTransform';

/** What the VOI LUT stage does (PS3.3 C.11.2): a window with its function, a VOI LUT table, or nothing. */
export type VoiSetting =
  | { kind: 'window'; center: number; width: number; fn: VoiLutFunction }
  | { kind: 'table'; table: LookupTable; firstMapped: number };

/**
 * The VOI LUT as a function of the modality value into [0, 1] (PS3.3 C.11.2.1.2 formulas with
 * ymin = 0 and ymax = 1). A window narrower than its function allows is widened to the minimum.
 */
export function voiTransform(voi: VoiSetting): (x: number) => number {
  if (voi.kind === 'table') {
    const { table, firstMapped } = voi;
    const max = 2 ** table.bitsPerEntry - 1;
    return (x) => lookup(table, firstMapped, x) / max;
  }
  const c = voi.center;
  if (voi.fn === 'SIGMOID') {
    const w = Math.max(voi.width, Number.EPSILON);
    return (x) => 1 / (1 + Math.exp((-4 * (x - c)) / w));
  }
  if (voi.fn === 'LINEAR_EXACT') {
    const w = Math.max(voi.width, Number.EPSILON);
    return (x) => (x <= c - w / 2 ? 0 : x > c + w / 2 ? 1 : (x - c) / w + 0.5);
  }
  const w = Math.max(voi.width, 1);
  const lo = c - 0.5 - (w - 1) / 2;
  const hi = c - 0.5 + (w - 1) / 2;
  // C.11.2.1.2.1: w = 1 is a threshold at c - 0.5.
  if (w === 1) return (x) => (x <= lo ? 0 : 1);
  return (x) => (x <= lo ? 0 : x > hi ? 1 : (x - (c - 0.5)) / (w - 1) + 0.5);
}

/** The modality-value interval where the VOI output changes; outside it the output is constant. */
export function voiActiveRange(voi: VoiSetting): [number, number] | undefined {
  if (voi.kind === 'table') return [voi.firstMapped, voi.firstMapped + voi.table.entries - 1];
  if (voi.fn === 'SIGMOID') return undefined;
  if (voi.fn === 'LINEAR_EXACT') return [voi.center - voi.width / 2, voi.center + voi.width / 2];
  const w = Math.max(voi.width, 1);
  return [voi.center - 0.5 - (w - 1) / 2, voi.center - 0.5 + (w - 1) / 2];
}
