import { forwardRef, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import type { VoiSetting } from '../../../electron/common/dicom/display/voiTransform';
import { initialVoi, voiAsWindow } from './displayLut';
import type { FrameLoader } from './frameLoader';
import type { SharedRenderWindow } from './sharedRenderWindow';
import { useSeriesStack } from './useSeriesStack';
import type { StudyMetadataSource } from './studyMetadataSource';
import { useViewportPointer } from './useViewportPointer';
import { isSuvTool, type ToolName, type ViewportCommands } from './viewerTools';
import { usePresentationState } from '../results/usePresentationState';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { useSuvSource } from '../fusion/useSuvSource';
import { useSuvTools } from '../fusion/useSuvTools';
import type { FusionView } from '../../common/fusion/fusionDisplay';
import type { ShownImage } from './shownImage';
import type { ViewportSyncGroups } from './useViewportSync';
import { useStackIndex } from './useStackIndex';
import { useDrawStackFrame, useStackViewportView } from './useStackViewportView';
import { useStackFrame } from './useStackFrame';
import { UPRIGHT, useViewTransform } from './useViewTransform';
import { useCine } from './useCine';
import { useViewportCommands } from './useViewportCommands';
import { useViewportSync } from './useViewportSync';
import { useViewportProbe } from './useViewportProbe';
import { StackImageLayers } from './StackImageLayers';
import { ViewportToolMenu } from './ViewportToolMenu';

export type { ShownImage } from './shownImage';

export interface StackViewportProps {
  loader: FrameLoader;
  metadata: StudyMetadataSource;
  renderWindow: SharedRenderWindow;
  studyUid: string;
  seriesUid?: string;
  position: number;
  active: boolean;
  tool: ToolName;
  measurements: StoredMeasurement[];
  /** The active viewport's current image (reference lines), and where this viewport reports its own. */
  activeImage?: ShownImage;
  onShownImage(image: ShownImage | undefined): void;
  onActivate(): void;
  onTool(tool: ToolName): void;
  onMeasurementsChange(update: (all: StoredMeasurement[]) => StoredMeasurement[]): void;
  /** A window preset applied when a series first shows (hanging protocol). */
  initialPreset?: string;
  /** Set when this viewport shows a prior: the current study's date (the viewport is marked PRIOR, with its date and interval). */
  priorOf?: string;
  /** Told the window as shown (centre/width), when it changes: the tool bar's W/L fields show the active viewport's. */
  onWindow?(window: { center: number; width: number } | undefined): void;
  /** Synchronization groups (hanging protocol): what to share, and the bus between windows. */
  sync?: ViewportSyncGroups;
  /** An image to show (a key image picked from the strip), once it is in the stack; `nonce` asks again for the same one. */
  goTo?: { sopInstanceUid: string; frame: number; nonce: number };
  /** Key image marks of the study: the viewport says when its image is one. */
  keyImageIds?: ReadonlySet<string>;
  /** Results switched on (SEG masks, RTSTRUCT contours, reports, presentation states), drawn over or applied to the images they are about. */
  overlays?: ResultOverlay[];
  /** Presentation states switched off with one key: the viewer's own display. */
  presentationsOff?: boolean;
  /** A second series fused over the images (PET on CT), sampled in patient space; not drawn over itself. */
  fusion?: FusionView;
}

/** One stack viewport: a series scrolled image by image, drawn by the window's shared vtk.js context. */
export const StackViewport = forwardRef<ViewportCommands, StackViewportProps>(function StackViewport(props, ref) {
  const { loader, renderWindow, studyUid, seriesUid, position, active, tool, measurements } = props;
  const element = useRef<HTMLDivElement>(null);
  const { stack, error } = useSeriesStack(props.metadata, seriesUid);
  const { index, setIndex, shownIndex, image } = useStackIndex(stack);
  const { viewRef, size } = useStackViewportView(element, renderWindow);
  const view = useViewTransform(image, size);
  const { setZoom, setOrientation, transform } = view;
  const [voiOverride, setVoiOverride] = useState<VoiSetting>();
  const [invert, setInvert] = useState(false);
  const [toolMenu, setToolMenu] = useState<[number, number]>();
  /** The latest publisher of this viewport's position (the cine's timer outlives renders). */
  const publishRef = useRef<(p: readonly number[] | undefined) => void>(() => undefined);

  // New series: back to the first image, default window, fit.
  useEffect(() => {
    setIndex(0);
    setVoiOverride(undefined);
    setZoom({ kind: 'fit' });
    setOrientation(UPRIGHT);
    viewRef.current?.clear();
    renderWindow.requestRender();
  }, [seriesUid, renderWindow]);

  const { frame, frameError } = useStackFrame({ loader, studyUid, seriesUid, position, stack, index, image });
  const voi = useMemo(() => (image && frame ? (voiOverride ?? initialVoi(image.pixels, frame)) : undefined), [image, frame, voiOverride]);
  useDrawStackFrame(viewRef, renderWindow, { image, frame, voi, invert, transform });

  // Tell the workspace which image this viewport shows (reference lines in the others).
  const { onShownImage } = props;
  useEffect(() => {
    const g = image?.geometry;
    const frameOfReferenceUid = image?.dataset['00200052']?.Value?.[0] as string | undefined;
    onShownImage(g ? { geometry: g, ...(frameOfReferenceUid ? { frameOfReferenceUid } : {}) } : undefined);
  }, [image, onShownImage]);

  const [cine, setCine] = useCine(stack, shownIndex, setIndex, publishRef);

  const count = stack?.length ?? 0;
  const setWindow = useCallback((center: number, width: number) => setVoiOverride({ kind: 'window', center, width: Math.max(1, width), fn: 'LINEAR' }), []);
  const commands = useViewportCommands(ref, { stack, seriesUid, image, frame, size, view, voi, invert, shownIndex, setIndex, publishRef, setWindow, setVoiOverride, setInvert, setCine });
  const shownPresentation = usePresentationState(image, size, props.overlays, props.presentationsOff ?? false, {
    setWindow,
    setInvert,
    setOrientation,
    setTransform: (transform) => setZoom({ kind: 'free', transform }),
    reset: () => commands.reset(),
  });

  // A key image picked from the strip: shown once the series' stack holds it.
  const wentTo = useRef<number>(undefined);
  useEffect(() => {
    const want = props.goTo;
    if (!want || !stack || wentTo.current === want.nonce) return;
    const at = stack.findIndex((im) => im.sopInstanceUid === want.sopInstanceUid && im.frame === want.frame);
    if (at < 0) return;
    wentTo.current = want.nonce;
    commands.scrollTo(at);
  });

  // Hanging protocol: the display set's window preset, once per series, when its first image is there.
  const presetApplied = useRef<string>(undefined);
  useEffect(() => {
    if (!props.initialPreset || !frame || !seriesUid || presetApplied.current === seriesUid) return;
    presetApplied.current = seriesUid;
    commands.applyPreset(props.initialPreset);
  });

  useViewportSync({ sync: props.sync, position, stack, voiOverride, setIndex, setVoiOverride, publishRef });

  const pointer = useViewportPointer({
    tool,
    transform,
    size,
    image,
    voiWindow: voi ? voiAsWindow(voi) : undefined,
    measurements,
    onActivate: props.onActivate,
    onScroll: (d) => commands.scrollBy(d),
    onWindow: setWindow,
    onTransform: (t) => setZoom({ kind: 'free', transform: t }),
    onMeasurementsChange: props.onMeasurementsChange,
    onToolMenu: (at) => setToolMenu(at),
    seriesUid: seriesUid ?? '',
  });
  // SUV region tools and the probe's SUV: from the fused PET, or the PET shown (loaded when wanted).
  const suvTools = useSuvTools({ tool, transform, size, image, seriesUid: seriesUid ?? '' });
  const suvSource = useSuvSource(props.metadata.client, studyUid, seriesUid, image, props.fusion, isSuvTool(tool) || tool === 'probe' || suvTools.regions.length > 0 || measurements.some((m) => m.kind === 'probe' && m.seriesInstanceUid === seriesUid));
  const handlers = suvTools.wrap(pointer.handlers);

  const shown = image ? measurements.filter((m) => m.sopInstanceUid === image.sopInstanceUid && m.frame === image.frame) : [];
  const win = voi ? voiAsWindow(voi) : undefined;
  const onWindow = props.onWindow;
  const [winCenter, winWidth] = [win?.center, win?.width];
  // By value: a new VOI object with the same window is no change.
  useEffect(() => onWindow?.(winCenter === undefined || winWidth === undefined ? undefined : { center: winCenter, width: winWidth }), [onWindow, winCenter, winWidth]);
  const zoomPercent = transform && image ? Math.round(transform.scale * image.pixelSpacing[1] * (window.devicePixelRatio || 1) * 100) : undefined;
  const g = image?.geometry;
  const fields = {
    image: count ? `Im: ${index + 1}/${count}` : undefined,
    position: g ? `Pos: ${(g.position[2]).toFixed(1)} mm` : undefined,
    thickness: g?.sliceThickness !== undefined ? `Th: ${g.sliceThickness} mm` : undefined,
    window: win ? `W: ${Math.round(win.width)} L: ${Math.round(win.center)}${invert ? ' (inv)' : ''}` : undefined,
    zoom: zoomPercent !== undefined ? `Zoom: ${zoomPercent}%` : undefined,
    calibration: image && image.spacingSource === 'none' ? 'Uncalibrated' : undefined,
  };

  useViewportProbe(element, seriesUid, { position, index, count, sopInstanceUid: image?.sopInstanceUid, frame: image?.frame, pixelSpacing: image?.pixelSpacing, imagePosition: g?.position, rowCosines: g?.rowCosines, columnCosines: g?.columnCosines, window: win, transform, size, frameLoaded: !!frame, uploads: viewRef.current?.uploads ?? 0 });

  return (
    <div
      ref={element}
      className={`viewport ${active ? 'active' : ''}`}
      data-testid="viewport"
      data-position={position}
      data-index={index}
      data-count={count}
      data-sop={image?.sopInstanceUid ?? ''}
      data-loaded={frame ? 'true' : 'false'}
      tabIndex={-1}
      {...handlers}
      onPointerDown={(e) => {
        if (toolMenu) setToolMenu(undefined);
        handlers.onPointerDown(e);
      }}
      onKeyDown={(e) => e.key === 'Escape' && setToolMenu(undefined)}
    >
      {!seriesUid && <div className="viewport-empty">Drop a series here</div>}
      {(error || frameError) && <div className="viewport-error" role="alert">{error ?? frameError}</div>}
      <StackImageLayers
        image={image}
        frame={frame}
        transform={transform}
        size={size}
        seriesUid={seriesUid}
        active={active}
        fields={fields}
        fusion={props.fusion}
        keyImageIds={props.keyImageIds}
        priorOf={props.priorOf}
        activeImage={props.activeImage}
        overlays={props.overlays}
        presentation={shownPresentation}
        measurements={shown}
        draft={pointer.draft}
        selectedId={pointer.selectedId}
        suvSource={suvSource}
        suvTools={suvTools}
      />
      {toolMenu && <ViewportToolMenu at={toolMenu} size={size} tool={tool} onTool={props.onTool} onClose={() => setToolMenu(undefined)} />}
      {cine.playing && <div className="cine-badge">Cine {cine.fps} fps {cine.mode}</div>}
    </div>
  );
});
