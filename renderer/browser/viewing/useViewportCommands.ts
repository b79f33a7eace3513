import { useImperativeHandle, type Dispatch, type ForwardedRef, type MutableRefObject, type SetStateAction } from 'react';
import { modalityTransform } from '../../../electron/common/dicom/display/modalityTransform';
import type { VoiSetting } from '../../../electron/common/dicom/display/voiTransform';
import type { StackImage } from '../../common/viewing/stackImages';
import { screenToImage, zoomAbout, type Rotation, type ViewportSize } from '../../common/viewing/viewTransform';
import { CT_WINDOW_PRESETS, autoWindowFromData } from '../../common/viewing/windowPresets';
import type { LoadedFrame } from './frameLoader';
import type { CineState } from './useCine';
import { UPRIGHT, type ViewTransformState } from './useViewTransform';
import type { ViewportCommands } from './viewerTools';
import { nearestSlice } from './viewerSync';

export interface ViewportCommandsArgs {
  stack: StackImage[] | undefined;
  seriesUid: string | undefined;
  image: StackImage | undefined;
  frame: LoadedFrame | undefined;
  size: ViewportSize;
  view: ViewTransformState;
  voi: VoiSetting | undefined;
  invert: boolean;
  shownIndex: MutableRefObject<number>;
  setIndex(index: number): void;
  /** The latest publisher of this viewport's position to synchronized viewports. */
  publishRef: MutableRefObject<(p: readonly number[] | undefined) => void>;
  setWindow(center: number, width: number): void;
  setVoiOverride(voi: VoiSetting | undefined): void;
  setInvert: Dispatch<SetStateAction<boolean>>;
  setCine: Dispatch<SetStateAction<CineState>>;
}

/** The commands a stack viewport carries out for the toolbar and the keyboard, handed to its ref. */
export function useViewportCommands(ref: ForwardedRef<ViewportCommands>, args: ViewportCommandsArgs): ViewportCommands {
  const { stack, seriesUid, image, frame, size, voi, invert, shownIndex, setIndex, setWindow, setVoiOverride, setInvert, setCine } = args;
  const { zoom, setZoom, orientation, setOrientation, transform } = args.view;
  const count = stack?.length ?? 0;
  const currentTransform = () => transform;

  // Scrolls the reader makes (keys, wheel, drag) are shared with synchronized viewports, in the same
  // event: their updates join this one in one React commit and one draw of the window (published
  // from an effect instead, each scroll step drew the window twice, the second time for the others).
  const userScrollTo = (i: number) => {
    const next = Math.max(0, Math.min(count - 1, Math.round(i)));
    if (next === shownIndex.current) return;
    shownIndex.current = next;
    setIndex(next);
    args.publishRef.current(stack?.[next]?.geometry?.position);
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
  useImperativeHandle(ref, () => commands);
  return commands;
}
