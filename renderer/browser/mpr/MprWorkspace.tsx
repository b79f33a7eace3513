import { useCallback, useMemo, useRef, useState, type Ref } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { centerlineAt, volumeSampler } from '../../common/mpr/curvedReformat';
import type { MprPlaneName } from '../../common/mpr/mprGeometry';
import { initialMprState, type MprState } from '../../common/mpr/mprState';
import { volumePreset, type VolumePreset } from '../../common/mpr/volumePresets';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import type { ViewportCommands } from '../viewing/viewerTools';
import { MprPlaneCell, type MprTool } from './MprPlaneCell';
import { ellipseStatistics } from '../../common/mpr/planeMeasurements';
import { useVolumeMeasurements } from './useVolumeMeasurements';
import { CprCell } from './CprCell';
import { TransferFunctionEditor } from './TransferFunctionEditor';
import { CrossSectionCell } from './CrossSectionCell';
import { MprToolbar, type MprLayout } from './MprToolbar';
import { VolumeCell, type VolumeCommands } from './VolumeCell';
import { FULL_CROP, type CropBox } from './volumeRenderView';
import { useViewExport } from './useViewExport';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { overlaysForVolume } from '../../common/results/volumeOverlays';
import type { MprFusion } from './MprFusionLayer';
import { openingWindow } from './openingWindow';
import { useMprVolume } from './useMprVolume';
import { useCurvedReformat } from './useCurvedReformat';
import { usePublishMprState } from './usePublishMprState';
import { useMprToolKeys } from './useMprToolKeys';
import { useMprCommands } from './useMprCommands';
import { MprNotices } from './MprNotices';

export interface MprWorkspaceProps {
  client: HostClient;
  renderWindow: SharedRenderWindow;
  studyUid: string;
  seriesUid: string;
  layout: MprLayout;
  /** 3D preset to open with (a hanging protocol's MIP viewport); else one for the modality. */
  initialPreset?: string;
  onLayout(layout: MprLayout): void;
  onClose(): void;
  /** Keyboard commands of the active view (scroll, window, zoom, reset) for the viewer's key handler. */
  commands: Ref<ViewportCommands | null>;
  /** Results switched on in the Results panel; those of this series are drawn in the plane views. */
  overlays?: ResultOverlay[];
  /** The window's fused series (the viewer's fusion controls), drawn over every plane view. */
  fusion?: MprFusion;
}

type Cell = MprPlaneName | '3d' | 'straightened' | 'stretched' | 'cross';

function grid(layout: MprLayout, curvePlane: MprPlaneName): { rows: number; columns: number; cells: Cell[] } {
  switch (layout) {
    case 'mpr-1x3':
      return { rows: 1, columns: 3, cells: ['axial', 'coronal', 'sagittal'] };
    case 'mpr-2x2':
      return { rows: 2, columns: 2, cells: ['axial', 'coronal', 'sagittal', '3d'] };
    case '3d':
      return { rows: 1, columns: 1, cells: ['3d'] };
    case 'cpr':
      // The view the line was drawn in, the two curved reformats, and the cross-section at the cursor.
      return { rows: 2, columns: 2, cells: [curvePlane, 'straightened', 'stretched', 'cross'] };
  }
}

/**
 * MPR and 3D of one series in the window's shared WebGL context: three planes through one
 * crosshair (linked: each view's reference lines show the others), slabs, oblique planes, lengths
 * in mm, and volume rendering — all views reading the same volume texture.
 */
export function MprWorkspace({ client, renderWindow, studyUid, seriesUid, layout, initialPreset, onLayout, onClose, commands, overlays, fusion }: MprWorkspaceProps) {
  const [state, setState] = useState<MprState>();
  const [preset, setPreset] = useState('ct-bone');
  const { volume, error, uploading } = useMprVolume(client, renderWindow, studyUid, seriesUid, (v) => {
    setState(initialMprState(v.geometry, openingWindow(v)));
    setPreset(volumePreset(initialPreset ?? (v.info.rescale.intercept <= -1000 ? 'ct-bone' : 'mr-default')).id);
  });
  const [tool, setTool] = useState<MprTool>('crosshair');
  const [active, setActive] = useState<MprPlaneName | '3d'>('axial');
  const [measurements, setMeasurements] = useVolumeMeasurements(client, studyUid, seriesUid);
  const planeOverlays = useMemo(() => (volume && overlays?.length ? overlaysForVolume(overlays, volume.info.slices) : undefined), [volume, overlays]);
  const sampler = useMemo(() => volume && volumeSampler(volume.geometry, volume.samples, volume.info.rescale), [volume]);
  const [shade, setShade] = useState(true);
  const [crop, setCrop] = useState<CropBox>(FULL_CROP);
  /** The reader's edits of the preset's opacity curve (the shipped preset stays as it is). */
  const [editedPreset, setEditedPreset] = useState<VolumePreset>();
  const [editingFunction, setEditingFunction] = useState(false);
  const shownPreset = editedPreset ?? volumePreset(preset);
  const volumeCommands = useRef<VolumeCommands>(null);
  const { curve, setCurve, cursorArc, setCursorArc, curved } = useCurvedReformat(volume, state, sampler);
  const cellElements = useRef(new Map<Cell, HTMLElement>());

  const update = useCallback((change: (s: MprState) => MprState) => setState((s) => (s ? change(s) : s)), []);

  usePublishMprState(state, volume, update, curved, uploading);
  useMprToolKeys(setTool);

  const activePlane: MprPlaneName = active === '3d' ? 'axial' : active;
  useMprCommands(commands, volume, activePlane, update, setState);

  const { notice: exportNotice, run: onExport } = useViewExport(client, renderWindow, studyUid, (kind) => {
    const cell: Cell = kind === 'cine' ? '3d' : active;
    const element = cellElements.current.get(cell);
    if (!element || !state) return undefined;
    const title = cell === '3d' ? '3D' : cell[0]!.toUpperCase() + cell.slice(1);
    const derivation =
      cell === '3d'
        ? `Lightbox 3D, ${shownPreset.label}${editedPreset ? ' (edited)' : ''}`
        : `Lightbox MPR ${cell}${state.slab.thickness > 0 ? `, ${state.slab.mode.toUpperCase()} slab ${state.slab.thickness} mm` : ''}, W ${Math.round(state.window.width)} L ${Math.round(state.window.center)}`;
    return { element, name: cell, title, derivation, turnAround: kind === 'cine' ? volumeCommands.current?.turnAround : undefined };
  });
  const shown = grid(layout === 'cpr' && !curved ? 'mpr-1x3' : layout, curve?.plane ?? 'coronal');
  const cursorPoint = curved && cursorArc !== undefined ? centerlineAt(curved.line, cursorArc).point : undefined;
  return (
    <div className="mpr-workspace" data-testid="mpr-workspace">
      <MprToolbar
        layout={layout}
        onLayout={onLayout}
        tool={tool}
        onTool={setTool}
        slab={state?.slab ?? { thickness: 0, mode: 'mip' }}
        onSlab={(slab) => update((s) => ({ ...s, slab }))}
        preset={preset}
        onPreset={(id) => {
          setPreset(id);
          setEditedPreset(undefined);
        }}
        editingFunction={editingFunction}
        onEditFunction={setEditingFunction}
        shade={shade}
        onShade={setShade}
        onResetView={(d) => volumeCommands.current?.resetView(d)}
        onResetPlanes={() => volume && setState(initialMprState(volume.geometry, state?.window ?? openingWindow(volume)))}
        onClose={onClose}
        onExport={(k) => void onExport(k)}
        has3d={shown.cells.includes('3d')}
        crop={crop}
        onCrop={setCrop}
        hasCurve={!!curved}
        onClearCurve={() => {
          setCurve(undefined);
          setCursorArc(undefined);
          if (layout === 'cpr') onLayout('mpr-1x3');
        }}
      />
      <MprNotices error={error} loaded={!!volume} uploading={uploading} exportNotice={exportNotice} notices={volume?.notices} />
      {editingFunction && volume && shown.cells.includes('3d') && (
        <div className="tf-panel">
          <TransferFunctionEditor volume={volume} preset={shownPreset} onChange={setEditedPreset} />
        </div>
      )}
      <div className="mpr-grid" style={{ gridTemplateRows: `repeat(${shown.rows}, 1fr)`, gridTemplateColumns: `repeat(${shown.columns}, 1fr)` }}>
        {volume &&
          state &&
          shown.cells.map((cell) => (
            <div key={cell} className="viewport-cell" ref={(el) => void (el ? cellElements.current.set(cell, el) : cellElements.current.delete(cell))}>
              {cell === 'straightened' || cell === 'stretched' ? (
                curved && <CprCell kind={cell} reformat={curved[cell]} window={state.window} lineLength={curved.line.length} cursorArc={cursorArc} onCursorArc={setCursorArc} />
              ) : cell === 'cross' ? (
                curved && <CrossSectionCell volume={volume} line={curved.line} arc={cursorArc ?? curved.line.length / 2} window={state.window} renderWindow={renderWindow} />
              ) : cell === '3d' ? (
                <VolumeCell volume={volume} renderWindow={renderWindow} preset={shownPreset} shade={shade} crop={crop} active={active === '3d'} onActivate={() => setActive('3d')} commands={volumeCommands} />
              ) : (
                <MprPlaneCell
                  name={cell}
                  volume={volume}
                  state={state}
                  renderWindow={renderWindow}
                  tool={tool}
                  active={active === cell}
                  measurements={measurements}
                  onActivate={() => setActive(cell)}
                  update={update}
                  onMeasure={(m) => {
                    // ROI statistics in modality units, sampled in the plane at the volume's finest spacing.
                    const done = m.kind === 'ellipse' && sampler ? { ...m, stats: ellipseStatistics(m, sampler, Math.min(...volume.geometry.spacing) / 2) } : m;
                    setMeasurements((all) => [...all, done]);
                  }}
                  curve={curve && (curve.plane === cell || curve.done) ? { points: curve.points, ...(curved ? { line: curved.line.points.filter((_, i) => i % 8 === 0) } : {}) } : undefined}
                  cursorPoint={cursorPoint}
                  {...(planeOverlays ? { overlays: planeOverlays } : {})}
                  {...(fusion ? { fusion } : {})}
                  onCurvePoint={(p) =>
                    setCurve((c) => {
                      if (!c || c.done || c.plane !== cell) return { plane: cell, points: [p], done: false };
                      // The clicks of a double-click that ends the line add nothing.
                      const last = c.points.at(-1)!;
                      return Math.hypot(p[0] - last[0], p[1] - last[1], p[2] - last[2]) < 1 ? c : { ...c, points: [...c.points, p] };
                    })
                  }
                  onCurveDone={() => {
                    setCurve((c) => (c && c.points.length >= 2 ? { ...c, done: true } : c));
                    onLayout('cpr');
                  }}
                />
              )}
            </div>
          ))}
      </div>
    </div>
  );
}
