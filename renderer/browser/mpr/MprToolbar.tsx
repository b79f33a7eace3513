import type { SlabMode } from '../../common/mpr/mprState';
import { VIEW_DIRECTIONS, VOLUME_PRESETS, type ViewDirection } from '../../common/mpr/volumePresets';
import type { MprTool } from './MprPlaneCell';
import type { CropBox } from './volumeRenderView';

export type MprLayout = 'mpr-1x3' | 'mpr-2x2' | '3d' | 'cpr';

export const MPR_LAYOUTS: { id: MprLayout; label: string }[] = [
  { id: 'mpr-1x3', label: 'MPR 1×3' },
  { id: 'mpr-2x2', label: 'MPR + 3D' },
  { id: '3d', label: '3D' },
];

/** Shown once a centerline has been drawn. */
export const CPR_LAYOUT = { id: 'cpr' as const, label: 'Curved MPR' };

const MPR_TOOLS: { id: MprTool; label: string; key: string }[] = [
  { id: 'crosshair', label: 'Crosshair', key: 'x' },
  { id: 'windowLevel', label: 'W/L', key: 'w' },
  { id: 'pan', label: 'Pan', key: 'p' },
  { id: 'zoom', label: 'Zoom', key: 'z' },
  { id: 'rotate', label: 'Rotate (oblique)', key: 'q' },
  { id: 'length', label: 'Length', key: 'l' },
  { id: 'angle', label: 'Angle', key: 'a' },
  { id: 'ellipse', label: 'Ellipse ROI', key: 'e' },
  { id: 'curve', label: 'Curve (click points, double-click ends)', key: 'k' },
];

export const mprToolForKey = (key: string): MprTool | undefined => MPR_TOOLS.find((t) => t.key === key)?.id;

export interface MprToolbarProps {
  layout: MprLayout;
  onLayout(layout: MprLayout): void;
  tool: MprTool;
  onTool(tool: MprTool): void;
  slab: { thickness: number; mode: SlabMode };
  onSlab(slab: { thickness: number; mode: SlabMode }): void;
  preset: string;
  onPreset(id: string): void;
  shade: boolean;
  onShade(shade: boolean): void;
  onResetView(direction: ViewDirection): void;
  onResetPlanes(): void;
  onClose(): void;
  /** A centerline exists: the curved layout can be chosen, the line cleared. */
  hasCurve: boolean;
  onClearCurve(): void;
  /** Export of the active view (PNG, or a Secondary Capture in the study) and a rotating 3D cine. */
  onExport(kind: 'png' | 'capture' | 'cine'): void;
  has3d: boolean;
  /** The 3D crop box, fractions of the volume along its row, column and slice axes. */
  crop: CropBox;
  onCrop(crop: CropBox): void;
  /** The opacity-curve editor over the histogram is open. */
  editingFunction: boolean;
  onEditFunction(open: boolean): void;
}

const AXES = ['Rows (R–L)', 'Columns (A–P)', 'Slices'];

/** MPR and 3D controls: layout, mouse tool, slab, 3D preset, shading, standard views. */
export function MprToolbar(p: MprToolbarProps) {
  return (
    <div className="viewer-toolbar mpr-toolbar" role="toolbar" aria-label="MPR and 3D tools">
      <div className="tool-group" aria-label="Reformat layout">
        {[...MPR_LAYOUTS, ...(p.hasCurve ? [CPR_LAYOUT] : [])].map((l) => (
          <button key={l.id} className={p.layout === l.id ? 'on' : ''} onClick={() => p.onLayout(l.id)} data-mpr-layout={l.id}>
            {l.label}
          </button>
        ))}
        <button onClick={p.onClose} title="Back to the stack viewports" data-testid="mpr-close">
          Stack
        </button>
      </div>
      <div className="tool-group" role="radiogroup" aria-label="MPR mouse tool">
        {MPR_TOOLS.map((t) => (
          <button key={t.id} role="radio" aria-checked={p.tool === t.id} className={p.tool === t.id ? 'on' : ''} title={`${t.label} (${t.key})`} onClick={() => p.onTool(t.id)} data-mpr-tool={t.id}>
            {t.label}
          </button>
        ))}
        <button onClick={p.onResetPlanes} title="Axial, coronal and sagittal again, centred" data-testid="mpr-reset">
          Reset planes
        </button>
        {p.hasCurve && (
          <button onClick={p.onClearCurve} data-testid="mpr-clear-curve">
            Clear curve
          </button>
        )}
      </div>
      <div className="tool-group" aria-label="Slab">
        <label>
          Slab{' '}
          <input
            aria-label="Slab thickness (mm)"
            type="number"
            min={0}
            step={0.5}
            value={p.slab.thickness}
            onChange={(e) => p.onSlab({ ...p.slab, thickness: Math.max(0, Number(e.target.value) || 0) })}
            style={{ width: '4.5em' }}
          />{' '}
          mm
        </label>
        <select aria-label="Slab projection" value={p.slab.mode} onChange={(e) => p.onSlab({ ...p.slab, mode: e.target.value as SlabMode })}>
          <option value="mip">MIP</option>
          <option value="minip">MinIP</option>
          <option value="mean">Average</option>
        </select>
      </div>
      <div className="tool-group" aria-label="Export">
        <button onClick={() => p.onExport('png')} title="The active view as a PNG file" data-export="png">
          PNG
        </button>
        <button onClick={() => p.onExport('capture')} title="The active view as a DICOM Secondary Capture in this study" data-export="capture">
          Save to study
        </button>
        {p.has3d && (
          <button onClick={() => p.onExport('cine')} title="A full turn of the 3D view, as a multi-frame Secondary Capture in this study" data-export="cine">
            3D cine
          </button>
        )}
      </div>
      <div className="tool-group" aria-label="3D">
        <select aria-label="3D preset" value={p.preset} onChange={(e) => p.onPreset(e.target.value)}>
          {VOLUME_PRESETS.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
        <button className={p.editingFunction ? 'on' : ''} onClick={() => p.onEditFunction(!p.editingFunction)} title="Edit the opacity curve over the histogram" data-testid="tf-toggle">
          Edit curve
        </button>
        <label>
          <input type="checkbox" checked={p.shade} onChange={(e) => p.onShade(e.target.checked)} aria-label="Shading" /> Shading
        </label>
        <details className="crop-box">
          <summary title="Keep only part of the volume in 3D">Crop</summary>
          <div className="crop-panel">
            {AXES.map((label, axis) => (
              <label key={label}>
                {label}
                {[0, 1].map((end) => (
                  <input
                    key={end}
                    type="range"
                    min={0}
                    max={100}
                    value={Math.round(p.crop[axis]![end]! * 100)}
                    aria-label={`${label} ${end ? 'to' : 'from'}`}
                    data-crop={`${axis}-${end}`}
                    onChange={(e) => {
                      const next = p.crop.map((r) => [...r]) as CropBox;
                      next[axis]![end] = Number(e.target.value) / 100;
                      if (next[axis]![0]! < next[axis]![1]!) p.onCrop(next);
                    }}
                  />
                ))}
              </label>
            ))}
          </div>
        </details>
        {(Object.keys(VIEW_DIRECTIONS) as ViewDirection[]).map((d) => (
          <button key={d} onClick={() => p.onResetView(d)} data-view={d} title={`View from ${d}`}>
            {d[0]!.toUpperCase()}
          </button>
        ))}
      </div>
    </div>
  );
}
