import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { StoredMeasurement } from '../../../electron/common/contract/hostContract';
import type { VoiSetting } from '../../../electron/common/dicom/display/voiTransform';
import { CT_WINDOW_PRESETS, autoWindowFromData } from '../../common/viewing/windowPresets';
import { fitTransform, oneToOneTransform, screenToImage, zoomAbout, type Rotation, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';
import { displayLutFor, initialVoi, lutKey, voiAsWindow } from './displayLut';
import { modalityTransform } from '../../../electron/common/dicom/display/modalityTransform';
import type { FrameLoader, LoadedFrame } from './frameLoader';
import type { StackImage } from '../../common/viewing/stackImages';
import { MeasurementLayer } from './MeasurementLayer';
import type { SharedRenderWindow } from './sharedRenderWindow';
import { StackViewportView } from './stackViewportView';
import { useSeriesStack } from './useSeriesStack';
import type { StudyMetadataSource } from './studyMetadataSource';
import { useViewportPointer } from './useViewportPointer';
import { TOOLS, isSuvTool, type ToolName, type ViewportCommands } from './viewerTools';
import { ViewportOverlay } from './ViewportOverlay';
import { ResultOverlayLayer } from '../results/ResultOverlayLayer';
import { ReportShapesLayer } from '../results/ReportShapesLayer';
import { PresentationAnnotationsLayer } from '../results/PresentationAnnotationsLayer';
import { usePresentationState } from '../results/usePresentationState';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { ReferenceLineLayer } from './ReferenceLineLayer';
import { FusionLayer } from '../fusion/FusionLayer';
import { SuvToolsLayer } from '../fusion/SuvToolsLayer';
import { useSuvSource } from '../fusion/useSuvSource';
import { useSuvTools } from '../fusion/useSuvTools';
import { fusedValueLine } from '../fusion/fusedValueLine';
import type { FusionView } from '../../common/fusion/fusionDisplay';
import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import { markOnce, publishViewportState, type ViewportProbe } from './viewerTestHooks';
import { priorLabel } from '../../common/viewing/priorLabel';
import { nearestSlice, type SyncBus } from './viewerSync';

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
  sync?: { groups: { id: string; kinds: string[] }[]; bus: SyncBus };
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

/** A viewport's current image for reference lines: its plane and frame of reference. */
export interface ShownImage {
  geometry: FrameGeometry;
  frameOfReferenceUid?: string;
}

type ZoomMode = { kind: 'fit' } | { kind: 'oneToOne' } | { kind: 'free'; transform: ViewTransform };
interface Orientation {
  rotation: Rotation;
  flipH: boolean;
  flipV: boolean;
}
const UPRIGHT: Orientation = { rotation: 0, flipH: false, flipV: false };

/** One stack viewport: a series scrolled image by image, drawn by the window's shared vtk.js context. */
export const StackViewport = forwardRef<ViewportCommands, StackViewportProps>(function StackViewport(props, ref) {
  const { loader, renderWindow, studyUid, seriesUid, position, active, tool, measurements } = props;
  const element = useRef<HTMLDivElement>(null);
  const viewRef = useRef<StackViewportView>(undefined);
  const { stack, error } = useSeriesStack(props.metadata, seriesUid);
  const [index, setIndex] = useState(0);
  // The frame of the shown image: from the loader's cache during render when it is there (so a scroll
  // step draws the new slice in the same commit), else loaded and kept here.
  const [loaded, setLoaded] = useState<{ image: StackImage; frame: LoadedFrame }>();
  const [frameError, setFrameError] = useState<string>();
  const [size, setSize] = useState<ViewportSize>({ width: 0, height: 0 });
  const [zoom, setZoom] = useState<ZoomMode>({ kind: 'fit' });
  const [orientation, setOrientation] = useState<Orientation>(UPRIGHT);
  const [voiOverride, setVoiOverride] = useState<VoiSetting>();
  const [invert, setInvert] = useState(false);
  const [toolMenu, setToolMenu] = useState<[number, number]>();
  const menuRef = useRef<HTMLDivElement>(null);
  const [menuSize, setMenuSize] = useState<{ width: number; height: number }>();
  useLayoutEffect(() => {
    if (!toolMenu || !menuRef.current) return;
    const box = menuRef.current.getBoundingClientRect();
    setMenuSize((s) => (s?.width === box.width && s?.height === box.height ? s : { width: box.width, height: box.height }));
  }, [toolMenu]);
  const [cine, setCine] = useState({ playing: false, fps: 15, mode: 'loop' as 'loop' | 'bounce' });
  /** The latest publisher of this viewport's position (the cine's timer outlives renders). */
  const publishRef = useRef<(p: readonly number[] | undefined) => void>(() => undefined);
  const shownIndex = useRef(0);
  shownIndex.current = index;

  const image = stack?.[index];
  // Images that land while the series is open (a retrieve in progress) rebuild the stack: stay on the image being read.
  const shownImage = useRef<string>(undefined);
  useEffect(() => {
    if (!stack || !shownImage.current) return;
    const at = stack.findIndex((im) => `${im.sopInstanceUid}/${im.frame}` === shownImage.current);
    if (at >= 0) setIndex(at);
  }, [stack]);
  useEffect(() => {
    if (image) shownImage.current = `${image.sopInstanceUid}/${image.frame}`;
  }, [image]);
  const frameKey = (im: StackImage) => ({ studyUid, seriesUid: seriesUid ?? '', sopInstanceUid: im.sopInstanceUid, frame: im.frame });
  const frame = image && seriesUid ? (loaded?.image === image ? loaded.frame : loader.peek(frameKey(image))) : undefined;
  const planeSize = image ? { width: image.pixels.columns * image.pixelSpacing[1], height: image.pixels.rows * image.pixelSpacing[0] } : undefined;
  const transform = useMemo<ViewTransform | undefined>(() => {
    if (!planeSize || !size.width || !size.height) return undefined;
    if (zoom.kind === 'free') return zoom.transform;
    if (zoom.kind === 'oneToOne') return oneToOneTransform(planeSize, image!.pixelSpacing[1], size, window.devicePixelRatio || 1, orientation);
    return fitTransform(planeSize, size, orientation);
  }, [planeSize?.width, planeSize?.height, size.width, size.height, zoom, orientation, image?.pixelSpacing[1]]);
  const voi = useMemo(() => (image && frame ? (voiOverride ?? initialVoi(image.pixels, frame)) : undefined), [image, frame, voiOverride]);

  // The vtk.js view lives as long as the viewport element.
  useLayoutEffect(() => {
    const view = new StackViewportView(element.current!);
    viewRef.current = view;
    renderWindow.add(view);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      renderWindow.remove(view);
      view.dispose();
      viewRef.current = undefined;
    };
  }, [renderWindow]);

  // New series: back to the first image, default window, fit.
  useEffect(() => {
    setIndex(0);
    setLoaded(undefined);
    setVoiOverride(undefined);
    setZoom({ kind: 'fit' });
    setOrientation(UPRIGHT);
    viewRef.current?.clear();
    renderWindow.requestRender();
  }, [seriesUid, renderWindow]);

  // Load the shown image first, then prefetch outward from it (never wait for the whole series).
  useEffect(() => {
    if (!stack || !seriesUid || !image) return;
    let live = true;
    const key = frameKey(image);
    const prefetchRest = () => {
      const order: number[] = [];
      for (let d = 1; d < stack.length; d++) {
        if (index + d < stack.length) order.push(index + d);
        if (index - d >= 0) order.push(index - d);
      }
      loader.prefetch(String(position), order.map((i) => ({ key: frameKey(stack[i]!), desc: stack[i]!.pixels })));
    };
    if (loader.peek(key)) prefetchRest();
    else
      // The shown image first, alone: the rest would compete with it for the host's decoder.
      loader.load(key, image.pixels).then(
        (f) => {
          if (!live) return;
          markOnce('lightbox-first-frame-received');
          setLoaded({ image, frame: f });
          setFrameError(undefined);
          prefetchRest();
        },
        (e: unknown) => live && setFrameError(readerMessage(e)),
      );
    return () => {
      live = false;
    };
  }, [stack, index, image, loader, studyUid, seriesUid, position]);
  useEffect(() => () => loader.cancel(String(position)), [loader, position, seriesUid]);

  // Push state to vtk.js and render (during the commit, so the image changes in the same frame).
  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view || !image || !frame || !voi || !transform) return;
    const maxTexture = renderWindow.maxTextureSize;
    view.setFrame(frame, image.pixelSpacing);
    const key = lutKey(image.pixels, frame, voi, invert);
    if (!view.hasLut(key)) view.setLut(displayLutFor(image.pixels, frame, voi, invert, maxTexture), key, maxTexture);
    const oneToOne = Math.abs(transform.scale * image.pixelSpacing[1] * (window.devicePixelRatio || 1) - 1) < 1e-6;
    view.setInterpolation(oneToOne || transform.scale * image.pixelSpacing[1] > 4);
    view.setTransform(transform);
    renderWindow.requestRender();
  }, [image, frame, voi, invert, transform, renderWindow]);

  // Tell the workspace which image this viewport shows (reference lines in the others).
  const { onShownImage } = props;
  useEffect(() => {
    const g = image?.geometry;
    const frameOfReferenceUid = image?.dataset['00200052']?.Value?.[0] as string | undefined;
    onShownImage(g ? { geometry: g, ...(frameOfReferenceUid ? { frameOfReferenceUid } : {}) } : undefined);
  }, [image, onShownImage]);

  // Cine.
  useEffect(() => {
    if (!cine.playing || !stack || stack.length < 2) return;
    // Bounce reverses at either end; the direction lives as long as this run of the cine.
    let direction = 1;
    const timer = setInterval(() => {
      const i = shownIndex.current;
      let next = i + direction;
      if (next >= stack.length || next < 0) {
        if (cine.mode === 'bounce') {
          direction = -direction;
          next = i + direction;
        } else next = next < 0 ? stack.length - 1 : 0;
      }
      shownIndex.current = next;
      setIndex(next);
      // Each cine step reaches the synchronized viewports as a scroll does (they were left behind).
      publishRef.current(stack[next]?.geometry?.position);
    }, 1000 / cine.fps);
    return () => clearInterval(timer);
  }, [cine, stack]);

  const count = stack?.length ?? 0;
  const setWindow = useCallback((center: number, width: number) => setVoiOverride({ kind: 'window', center, width: Math.max(1, width), fn: 'LINEAR' }), []);
  const currentTransform = (): ViewTransform | undefined => transform;

  // Scrolls the reader makes (keys, wheel, drag) are shared with synchronized viewports, in the same
  // event: their updates join this one in one React commit and one draw of the window (published
  // from an effect instead, each scroll step drew the window twice, the second time for the others).
  const userScrollTo = (i: number) => {
    const next = Math.max(0, Math.min(count - 1, Math.round(i)));
    if (next === shownIndex.current) return;
    shownIndex.current = next;
    setIndex(next);
    publishPosition(stack?.[next]?.geometry?.position);
  };
  const commands: ViewportCommands = {
    scrollBy: (d) => userScrollTo(shownIndex.current + d),
    scrollTo: (i) => userScrollTo(i),
    setWindow,
    applyPreset(id) {
      if (id === 'auto' && image && frame?.kind === 'gray') {
        const w = autoWindowFromData(frame.samples, modalityTransform(image.pixels));
        setWindow(w.center, w.width);
        return;
      }
      if (id === 'default') return setVoiOverride(undefined);
      const p = CT_WINDOW_PRESETS.find((x) => x.id === id);
      if (p) setWindow(p.center, p.width);
    },
    zoomBy(factor) {
      const t = currentTransform();
      if (t) setZoom({ kind: 'free', transform: zoomAbout(t, size, factor, [size.width / 2, size.height / 2]) });
    },
    fit: () => setZoom({ kind: 'fit' }),
    oneToOne: () => setZoom({ kind: 'oneToOne' }),
    rotate(deg) {
      const next = (((orientation.rotation + deg) % 360) + 360) % 360 as Rotation;
      setOrientation({ ...orientation, rotation: next });
      if (zoom.kind === 'free') setZoom({ kind: 'free', transform: { ...zoom.transform, rotation: next } });
    },
    flip(axis) {
      const o = axis === 'h' ? { ...orientation, flipH: !orientation.flipH } : { ...orientation, flipV: !orientation.flipV };
      setOrientation(o);
      if (zoom.kind === 'free') setZoom({ kind: 'free', transform: { ...zoom.transform, flipH: o.flipH, flipV: o.flipV } });
    },
    invert: () => setInvert((v) => !v),
    reset() {
      setZoom({ kind: 'fit' });
      setOrientation(UPRIGHT);
      setVoiOverride(undefined);
      setInvert(false);
    },
    goToPoint(point) {
      const normal = stack?.find((im) => im.geometry)?.geometry?.normal;
      if (!stack || !normal) return;
      const at = nearestSlice(stack.map((im) => im.geometry?.position as [number, number, number] | undefined), normal as [number, number, number], point);
      if (at !== undefined) userScrollTo(at);
    },
    toggleCine: () => setCine((c) => ({ ...c, playing: !c.playing })),
    setCine: (o) => setCine((c) => ({ ...c, ...o })),
    presentation() {
      const t = currentTransform();
      if (!image || !seriesUid || !t) return undefined;
      // The visible part of the image: the viewport's corners on the image plane.
      const corners = [[0, 0], [size.width, 0], [0, size.height], [size.width, size.height]].map((c) => screenToImage(t, size, c as [number, number]));
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      return {
        seriesInstanceUid: seriesUid,
        sopInstanceUid: image.sopInstanceUid,
        frame: image.frame,
        ...(voi?.kind === 'window' ? { window: { center: voi.center, width: voi.width } } : {}),
        invert,
        rotation: orientation.rotation,
        flipH: orientation.flipH,
        flipV: orientation.flipV,
        visibleMm: { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) },
      };
    },
  };
  const shownPresentation = usePresentationState(image, size, props.overlays, props.presentationsOff ?? false, {
    setWindow,
    setInvert,
    setOrientation,
    setTransform: (transform) => setZoom({ kind: 'free', transform }),
    reset: () => commands.reset(),
  });
  useImperativeHandle(ref, () => commands);

  // A key image picked from the strip: shown once the series' stack holds it.
  const wentTo = useRef<number>(undefined);
  useEffect(() => {
    const want = props.goTo;
    if (!want || !stack || wentTo.current === want.nonce) return;
    const at = stack.findIndex((im) => im.sopInstanceUid === want.sopInstanceUid && im.frame === want.frame);
    if (at < 0) return;
    wentTo.current = want.nonce;
    userScrollTo(at);
  });

  // Hanging protocol: the display set's window preset, once per series, when its first image is there.
  const presetApplied = useRef<string>(undefined);
  useEffect(() => {
    if (!props.initialPreset || !frame || !seriesUid || presetApplied.current === seriesUid) return;
    presetApplied.current = seriesUid;
    commands.applyPreset(props.initialPreset);
  });

  // Synchronization: what this viewport's user changes goes out; what others change comes in (and is not echoed).
  const sourceId = useMemo(() => `${Math.random().toString(36).slice(2)}-${position}`, [position]);
  const remote = useRef({ voi: undefined as VoiSetting | undefined });
  const groups = (kind: string): string[] => props.sync?.groups.filter((g) => g.kinds.includes(kind)).map((g) => g.id) ?? [];
  function publishPosition(p: readonly number[] | undefined): void {
    const bus = props.sync?.bus;
    if (!bus || !p) return;
    for (const group of groups('position')) bus.publish({ kind: 'position', group, source: sourceId, point: [p[0]!, p[1]!, p[2]!] });
  }
  publishRef.current = publishPosition;
  useEffect(() => {
    const bus = props.sync?.bus;
    if (!bus || !voiOverride || voiOverride.kind !== 'window' || remote.current.voi === voiOverride) return;
    for (const group of groups('windowLevel')) bus.publish({ kind: 'windowLevel', group, source: sourceId, center: voiOverride.center, width: voiOverride.width });
  }, [voiOverride]);
  useEffect(() => {
    const sync = props.sync;
    if (!sync || !stack) return;
    return sync.bus.subscribe((m) => {
      if (m.kind === 'stage' || m.source === sourceId || !sync.groups.some((g) => g.id === m.group && g.kinds.includes(m.kind))) return;
      if (m.kind === 'position') {
        const normal = stack.find((im) => im.geometry)?.geometry?.normal;
        if (!normal) return;
        const at = nearestSlice(stack.map((im) => im.geometry?.position as [number, number, number] | undefined), normal as [number, number, number], m.point);
        if (at !== undefined) setIndex(at);
      } else {
        const next: VoiSetting = { kind: 'window', center: m.center, width: m.width, fn: 'LINEAR' };
        remote.current.voi = next;
        setVoiOverride(next);
      }
    });
  }, [props.sync, stack, sourceId]);

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

  const firstShown = useRef<{ series?: string; at?: number }>({});
  if (firstShown.current.series !== seriesUid) firstShown.current = { series: seriesUid };
  if (frame && firstShown.current.at === undefined) firstShown.current.at = performance.timeOrigin + performance.now();
  const probe: ViewportProbe = { position, index, count, sopInstanceUid: image?.sopInstanceUid, frame: image?.frame, pixelSpacing: image?.pixelSpacing, imagePosition: g?.position, rowCosines: g?.rowCosines, columnCosines: g?.columnCosines, window: win, transform, size, frameLoaded: !!frame, firstShownAt: firstShown.current.at, uploads: viewRef.current?.uploads ?? 0 };
  useEffect(() => publishViewportState(position, probe, element.current));

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
      {image && transform && props.fusion && (props.fusion.display.petOnly || props.fusion.source.seriesInstanceUid !== seriesUid) && <FusionLayer image={image} transform={transform} size={size} fusion={props.fusion} />}
      {image && <ViewportOverlay image={image} transform={transform} height={size.height} fields={fields} />}
      {image && props.keyImageIds?.has(`${image.sopInstanceUid}#${image.frame}`) && (
        <div className="key-image-badge" data-testid="key-image-badge" title="Key image (k toggles)">
          ★ Key
        </div>
      )}
      {image && props.priorOf !== undefined && (
        <div className="prior-badge" data-testid="prior-badge">
          {priorLabel(String(image.dataset['00080020']?.Value?.[0] ?? ''), props.priorOf, true)}
        </div>
      )}
      {image?.geometry && transform && !active && props.activeImage && props.activeImage.frameOfReferenceUid === image.dataset['00200052']?.Value?.[0] && (
        <ReferenceLineLayer image={image.geometry} reference={props.activeImage.geometry} transform={transform} size={size} />
      )}
      {image && transform && props.overlays && props.overlays.length > 0 && <ResultOverlayLayer image={image} transform={transform} size={size} overlays={props.overlays} />}
      {image && transform && shownPresentation && <PresentationAnnotationsLayer presentation={shownPresentation} image={image} transform={transform} size={size} />}
      {image && transform && props.overlays && props.overlays.length > 0 && <ReportShapesLayer image={image} transform={transform} size={size} overlays={props.overlays} />}
      {image && transform && (
        <MeasurementLayer measurements={shown} draft={pointer.draft} selectedId={pointer.selectedId} image={image} frame={frame} transform={transform} size={size} pointValue={suvSource && image.geometry ? (p) => fusedValueLine(suvSource, image.geometry!, p) : undefined} />
      )}
      {image && transform && (suvTools.shown.length > 0 || suvTools.draft) && (
        <SuvToolsLayer regions={suvTools.shown} draft={suvTools.draft} selectedId={suvTools.selectedId} image={image} transform={transform} size={size} source={suvSource} onThreshold={suvTools.setThreshold} />
      )}
      {toolMenu && (
        <div
          ref={menuRef}
          className="tool-menu"
          role="menu"
          // Kept inside the viewport: opened near the bottom-right corner it was cut off.
          style={{ left: Math.max(0, Math.min(toolMenu[0], size.width - (menuSize?.width ?? 0))), top: Math.max(0, Math.min(toolMenu[1], size.height - (menuSize?.height ?? 0))) }}
          onPointerDown={(e) => e.stopPropagation()}
          data-testid="tool-menu"
        >
          {TOOLS.map((t) => (
            <button
              key={t.id}
              role="menuitemradio"
              aria-checked={t.id === tool}
              onClick={() => {
                props.onTool(t.id);
                setToolMenu(undefined);
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
      {cine.playing && <div className="cine-badge">Cine {cine.fps} fps {cine.mode}</div>}
    </div>
  );
});
