import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { centerlineAt, smoothCenterline, straightenedReformat, stretchDirection, stretchedReformat, volumeSampler } from '../../common/mpr/curvedReformat';
import type { MprPlaneName } from '../../common/mpr/mprGeometry';
import { initialMprState, scrollPlane, type MprState } from '../../common/mpr/mprState';
import { volumePreset, type VolumePreset } from '../../common/mpr/volumePresets';
import { autoWindowFromData, CT_WINDOW_PRESETS } from '../../common/viewing/windowPresets';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import type { ViewportCommands } from '../viewing/viewerTools';
import { MprPlaneCell, type MprTool } from './MprPlaneCell';
import { ellipseStatistics } from '../../common/mpr/planeMeasurements';
import { useVolumeMeasurements } from './useVolumeMeasurements';
import { CprCell } from './CprCell';
import { TransferFunctionEditor } from './TransferFunctionEditor';
import { CrossSectionCell } from './CrossSectionCell';
import { mprToolForKey, MprToolbar, type MprLayout } from './MprToolbar';
import { mprHooks } from './mprTestHooks';
import { VolumeCell, type VolumeCommands } from './VolumeCell';
import { FULL_CROP, type CropBox } from './volumeRenderView';
import { VolumeSource, type LoadedVolume } from './volumeSource';
import { uploadNextVolumeInSlabs } from './slabUpload';
import { useViewExport } from './useViewExport';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { overlaysForVolume } from '../../common/results/volumeOverlays';
import type { MprFusion } from './MprFusionLayer';

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

/** Width of the straightened reformat and margin of the stretched one (mm). */
const CPR_WIDTH_MM = 40;

/** The window a volume opens with: soft tissue for CT, from the data otherwise. */
function openingWindow(volume: LoadedVolume): { center: number; width: number } {
  const { slope, intercept } = volume.info.rescale;
  const ct = slope === 1 && intercept <= -1000;
  return ct ? { center: 40, width: 400 } : autoWindowFromData(volume.samples, (v) => v * slope + intercept);
}

/**
 * MPR and 3D of one series in the window's shared WebGL context: three planes through one
 * crosshair (linked: each view's reference lines show the others), slabs, oblique planes, lengths
 * in mm, and volume rendering — all views reading the same volume texture.
 */
export function MprWorkspace({ client, renderWindow, studyUid, seriesUid, layout, initialPreset, onLayout, onClose, commands, overlays, fusion }: MprWorkspaceProps) {
  const source = useMemo(() => {
    const gl = renderWindow.gl;
    return new VolumeSource(client, { max3dTextureSize: gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number, norm16: !!gl.getExtension('EXT_texture_norm16') });
  }, [client, renderWindow]);
  useEffect(() => () => source.dispose(), [source]);
  const [uploading, setUploading] = useState(false);
  const [volume, setVolume] = useState<LoadedVolume>();
  const [error, setError] = useState<string>();
  const [state, setState] = useState<MprState>();
  const [tool, setTool] = useState<MprTool>('crosshair');
  const [active, setActive] = useState<MprPlaneName | '3d'>('axial');
  const [measurements, setMeasurements] = useVolumeMeasurements(client, studyUid, seriesUid);
  const planeOverlays = useMemo(() => (volume && overlays?.length ? overlaysForVolume(overlays, volume.info.slices) : undefined), [volume, overlays]);
  const sampler = useMemo(() => volume && volumeSampler(volume.geometry, volume.samples, volume.info.rescale), [volume]);
  const [preset, setPreset] = useState('ct-bone');
  const [shade, setShade] = useState(true);
  const [crop, setCrop] = useState<CropBox>(FULL_CROP);
  /** The reader's edits of the preset's opacity curve (the shipped preset stays as it is). */
  const [editedPreset, setEditedPreset] = useState<VolumePreset>();
  const [editingFunction, setEditingFunction] = useState(false);
  const shownPreset = editedPreset ?? volumePreset(preset);
  const volumeCommands = useRef<VolumeCommands>(null);
  /** The centerline being drawn (control points, in the plane view they were clicked in) and whether it is finished. */
  const [curve, setCurve] = useState<{ plane: MprPlaneName; points: Vec3[]; done: boolean }>();
  const [cursorArc, setCursorArc] = useState<number>();
  const cellElements = useRef(new Map<Cell, HTMLElement>());
  const curved = useMemo(() => {
    if (!volume || !state || !curve?.done || curve.points.length < 2) return undefined;
    const reference = state.planes[curve.plane].normal;
    const line = smoothCenterline(curve.points, reference);
    return { line, straightened: straightenedReformat(sampler!, line, CPR_WIDTH_MM), stretched: stretchedReformat(sampler!, line, stretchDirection(line, reference), CPR_WIDTH_MM) };
    // The reformats follow the line, not the crosshair or the window.
  }, [volume, curve]);

  useEffect(() => {
    let live = true;
    setVolume(undefined);
    setError(undefined);
    source.get(studyUid, seriesUid).then(
      (v) => {
        if (!live) return;
        // The views' first draw creates the volume texture: sent a slab per task, the views filling in.
        let drawn = 0;
        const upload = uploadNextVolumeInSlabs(renderWindow.gl, v.geometry.dimensions[0] * v.geometry.dimensions[1] * v.geometry.dimensions[2], () => {
          // Redraw now and then, in a task of its own (not on top of a slab's).
          if (performance.now() - drawn < 200) return;
          drawn = performance.now();
          setTimeout(() => renderWindow.requestRender(), 0);
        });
        void upload.done.then(() => renderWindow.requestRender());
        setUploading(true);
        upload.done.then(
          () => live && setUploading(false),
          (e: unknown) => live && setError(readerMessage(e)),
        );
        // No upload by the second frame: this window had the texture already.
        requestAnimationFrame(() => requestAnimationFrame(() => upload.cancel()));
        setVolume(v);
        setState(initialMprState(v.geometry, openingWindow(v)));
        setPreset(volumePreset(initialPreset ?? (v.info.rescale.intercept <= -1000 ? 'ct-bone' : 'mr-default')).id);
      },
      (e: unknown) => live && setError(readerMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [source, studyUid, seriesUid, renderWindow]);

  const update = useCallback((change: (s: MprState) => MprState) => setState((s) => (s ? change(s) : s)), []);

  useEffect(() => {
    const hooks = mprHooks();
    hooks.state = state;
    hooks.update = update;
    hooks.curve = curved ? { length: curved.line.length } : undefined;
    hooks.uploading = uploading;
    if (volume) {
      hooks.geometry = volume.geometry;
      hooks.volume = { samples: volume.samples, dimensions: volume.info.dimensions, rescale: volume.info.rescale };
      hooks.notices = volume.notices;
    }
  }, [state, volume, update, curved, uploading]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
      const t = mprToolForKey(e.key);
      if (t) setTool(t);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const activePlane: MprPlaneName = active === '3d' ? 'axial' : active;
  useImperativeHandle(
    commands,
    (): ViewportCommands => {
      const g = volume?.geometry;
      const noop = () => undefined;
      return {
        scrollBy: (d) => g && update((s) => scrollPlane(s, g, activePlane, d)),
        scrollTo: (i) => g && update((s) => scrollPlane(s, g, activePlane, i === 0 ? -1e6 : 1e6)),
        setWindow: (center, width) => update((s) => ({ ...s, window: { center, width } })),
        applyPreset: (id) => {
          const p = CT_WINDOW_PRESETS.find((x) => x.id === id);
          if (p) update((s) => ({ ...s, window: { center: p.center, width: p.width } }));
          else if (volume) update((s) => ({ ...s, window: openingWindow(volume) }));
        },
        zoomBy: (f) => update((s) => ({ ...s, views: { ...s.views, [activePlane]: { ...s.views[activePlane], zoom: s.views[activePlane].zoom * f } } })),
        fit: () => update((s) => ({ ...s, views: { ...s.views, [activePlane]: { zoom: 1, pan: [0, 0] } } })),
        oneToOne: noop,
        rotate: noop,
        flip: noop,
        invert: noop,
        reset: () => g && volume && setState(initialMprState(g, openingWindow(volume))),
        toggleCine: noop,
        setCine: noop,
      };
    },
    [volume, activePlane, update],
  );

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
      {error && <div className="mpr-notice error" role="alert">{`This series cannot be shown as a volume: ${error}`}</div>}
      {!error && (!volume || uploading) && (
        <div className="mpr-notice mpr-toast" data-testid="mpr-loading">
          {volume ? 'Sending the volume to the GPU…' : 'Loading the volume…'}
        </div>
      )}
      {exportNotice && (
        <div className="mpr-notice mpr-toast" role="status" data-testid="mpr-export-notice">
          {exportNotice}
        </div>
      )}
      {volume?.notices.map((n) => (
        <div key={n} className="mpr-notice" data-testid="mpr-notice">
          {n}
        </div>
      ))}
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
