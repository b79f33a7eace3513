import type { ViewportPresentation } from '../../../electron/common/contract/hostContract';
import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';

/** What the left mouse button does in a viewport. */
export type ToolName = 'windowLevel' | 'pan' | 'zoom' | 'scroll' | SuvToolName | StoredMeasurement['kind'];

/** The SUV region tools (PET or PET-fused viewports): kept in the session, not with the study (suvToolsState.ts). */
export type SuvToolName = 'suvRoi' | 'suvSphere';
export const isSuvTool = (t: ToolName): t is SuvToolName => t === 'suvRoi' || t === 'suvSphere';

export const TOOLS: { id: ToolName; label: string; key: string }[] = [
  { id: 'windowLevel', label: 'W/L', key: 'w' },
  { id: 'pan', label: 'Pan', key: 'p' },
  { id: 'zoom', label: 'Zoom', key: 'z' },
  { id: 'scroll', label: 'Scroll', key: 's' },
  { id: 'length', label: 'Length', key: 'l' },
  { id: 'angle', label: 'Angle', key: 'a' },
  { id: 'cobb', label: 'Cobb', key: 'c' },
  { id: 'ellipse', label: 'Ellipse', key: 'e' },
  { id: 'rectangle', label: 'Rect', key: 'g' },
  { id: 'freehand', label: 'Freehand', key: 'd' },
  { id: 'probe', label: 'Probe', key: 'b' },
  { id: 'arrow', label: 'Arrow', key: 't' },
  { id: 'suvRoi', label: 'SUV ROI', key: 'u' },
  { id: 'suvSphere', label: 'SUV sphere', key: 'j' },
];

export const isMeasureTool = (t: ToolName): t is StoredMeasurement['kind'] =>
  t !== 'windowLevel' && t !== 'pan' && t !== 'zoom' && t !== 'scroll' && !isSuvTool(t);

/** Commands a viewport carries out for the toolbar and the keyboard (the active viewport). */
export interface ViewportCommands {
  scrollBy(delta: number): void;
  scrollTo(index: number): void;
  setWindow(center: number, width: number): void;
  applyPreset(id: string): void;
  zoomBy(factor: number): void;
  fit(): void;
  oneToOne(): void;
  rotate(degrees: 90 | -90): void;
  flip(axis: 'h' | 'v'): void;
  invert(): void;
  reset(): void;
  toggleCine(): void;
  setCine(options: { fps?: number; mode?: 'loop' | 'bounce' }): void;
  /** What the viewport shows, to keep as a presentation state ("Save results"); undefined without an image. */
  presentation?(): ViewportPresentation | undefined;
  /** Shows the slice nearest a patient point (LPS mm) along the stack's normal (a click on the PET MIP). */
  goToPoint?(point: [number, number, number]): void;
}
