import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { hottestAlongRay } from '../../common/pet/hottestAlongRay';
import { mipPixelOf } from '../../common/pet/mipCamera';
import { loadFusionSource } from '../fusion/loadFusionSource';
import { afterFirstImages } from '../viewing/afterFirstImages';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import { DEFAULT_MIP_WINDOW, PetMipView, type MipVolume } from './petMipView';
import { petMipHooks } from './petMipTestHooks';

export interface PetMipCellProps {
  client: HostClient;
  renderWindow: SharedRenderWindow;
  studyUid: string;
  seriesUid: string;
  active: boolean;
  onActivate(): void;
  /** A click found the hottest voxel along its line: its centre (LPS mm). */
  onPoint(point: Vec3): void;
}

/** Cine rate of the turning MIP, frames per second. */
const CINE_FPS = 15;
/** Degrees per cine frame the reader can choose. */
const STEPS = [3, 6, 10];
/** A pointer that moved less than this (CSS px) between down and up clicked; more dragged the window. */
const CLICK_SLOP = 4;
/** SUV per CSS pixel of a window drag. */
const SUV_PER_PIXEL = 0.05;

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; unit: string; notices: string[] };

/**
 * The rotating whole-volume PET MIP of a hung 'mip' viewport. A click (not a drag) stops the cine
 * and finds, in the volume, the hottest voxel on the line that pixel shows; the display's stack
 * viewports go to it (`onPoint`) and the cell marks it. A drag changes the SUV window (up: higher
 * level; right: wider).
 */
export function PetMipCell({ client, renderWindow, studyUid, seriesUid, active, onActivate, onPoint }: PetMipCellProps) {
  const element = useRef<HTMLDivElement>(null);
  const view = useRef<PetMipView>(undefined);
  const volume = useRef<MipVolume>(undefined);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [angle, setAngle] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [step, setStep] = useState(10);
  const [suvWindow, setSuvWindow] = useState(DEFAULT_MIP_WINDOW);
  const [marked, setMarked] = useState<{ point: Vec3; value: number }>();

  useLayoutEffect(() => {
    const v = new PetMipView(element.current!);
    view.current = v;
    renderWindow.add(v);
    const hooks = petMipHooks();
    Object.assign(hooks, { element: element.current!, angle: 0, frames: 0, playing: false, picked: undefined });
    // The camera as last drawn and the view's size (set at each render): tests project patient points with them.
    hooks.view = () => ({ camera: v.camera(), size: v.viewSize() });
    hooks.read = () => {
      const el = element.current;
      if (!el) return undefined;
      const canvasBox = renderWindow.canvas.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      const px = renderWindow.readPixels({ x: box.left - canvasBox.left, y: box.top - canvasBox.top, width: box.width, height: box.height });
      let binary = '';
      for (let i = 0; i < px.rgba.length; i += 0x8000) binary += String.fromCharCode(...px.rgba.subarray(i, i + 0x8000));
      return { width: px.width, height: px.height, rgbaBase64: btoa(binary) };
    };
    return () => {
      renderWindow.remove(v);
      v.dispose();
      view.current = undefined;
      // The float volume goes with the view: nothing else holds it.
      volume.current = undefined;
      delete window.__lightboxPetMip;
    };
  }, [renderWindow]);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    setMarked(undefined);
    // After the display's first images: the volume and its WebGL set-up would hold them back.
    afterFirstImages()
      .then(() => (live ? loadFusionSource(client, studyUid, seriesUid) : undefined))
      .then(
      (result) => {
        if (!live || !result) return;
        if (!result.ok) return setLoad({ state: 'failed', message: result.message });
        const built = result.source.volume?.();
        if (!built) return setLoad({ state: 'failed', message: 'the series gave no volume' });
        const values = built.values instanceof Float32Array ? built.values : Float32Array.from(built.values);
        volume.current = { grid: built.grid, values };
        view.current?.setVolume(volume.current);
        setLoad({ state: 'ready', unit: result.source.unit, notices: [...result.source.notices, ...(built.unevenSlices ? ['Slices unevenly spaced: the MIP places them evenly'] : [])] });
        renderWindow.requestRender();
      },
      (e: unknown) => live && setLoad({ state: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [client, studyUid, seriesUid, renderWindow]);

  useEffect(() => {
    view.current?.setWindow(suvWindow.min, suvWindow.max);
    renderWindow.requestRender();
  }, [suvWindow, renderWindow]);

  // The cine: the camera turns `step` degrees a frame about the head–foot axis.
  useEffect(() => {
    petMipHooks().playing = playing && load.state === 'ready';
    if (!playing || load.state !== 'ready') return;
    const timer = setInterval(() => {
      const v = view.current;
      if (!v) return;
      v.setAngle(v.getAngle() + step);
      setAngle(v.getAngle());
      petMipHooks().frames++;
      renderWindow.requestRender();
    }, 1000 / CINE_FPS);
    return () => clearInterval(timer);
  }, [playing, step, load.state, renderWindow]);

  useEffect(() => {
    petMipHooks().angle = angle;
  }, [angle]);

  const pick = (clientX: number, clientY: number) => {
    const v = view.current;
    const vol = volume.current;
    if (!v || !vol) return;
    setPlaying(false);
    const box = element.current!.getBoundingClientRect();
    const ray = v.rayAt([clientX - box.left, clientY - box.top]);
    if (!ray) return;
    const found = hottestAlongRay(vol.grid, vol.values, ray.origin, ray.direction);
    if (!found) return;
    setMarked({ point: found.point, value: found.value });
    petMipHooks().picked = { ray, point: found.point, value: found.value };
    onPoint(found.point);
  };

  const press = useRef<{ x: number; y: number; lastX: number; lastY: number; dragged: boolean }>(undefined);
  const camera = view.current?.camera();
  const mark = marked && camera ? mipPixelOf(camera, view.current!.viewSize(), marked.point) : undefined;
  return (
    <div
      ref={element}
      className={`viewport pet-mip${active ? ' active' : ''}`}
      data-testid="pet-mip"
      data-angle={angle}
      onPointerDown={(e) => {
        onActivate();
        element.current!.setPointerCapture(e.pointerId);
        press.current = { x: e.clientX, y: e.clientY, lastX: e.clientX, lastY: e.clientY, dragged: false };
      }}
      onPointerMove={(e) => {
        const p = press.current;
        if (!p) return;
        if (!p.dragged && Math.hypot(e.clientX - p.x, e.clientY - p.y) < CLICK_SLOP) return;
        p.dragged = true;
        // Window/level as in the stack viewports: up raises the level, right widens.
        const dx = (e.clientX - p.lastX) * SUV_PER_PIXEL;
        const dy = (p.lastY - e.clientY) * SUV_PER_PIXEL;
        p.lastX = e.clientX;
        p.lastY = e.clientY;
        setSuvWindow((w) => {
          const center = (w.min + w.max) / 2 + dy;
          const width = Math.max(0.1, w.max - w.min + dx);
          return { min: center - width / 2, max: center + width / 2 };
        });
      }}
      onPointerUp={(e) => {
        const p = press.current;
        press.current = undefined;
        if (p && !p.dragged) pick(e.clientX, e.clientY);
      }}
    >
      <div className="viewport-overlay" aria-hidden="true" style={{ color: '#333', textShadow: 'none' }}>
        <div className="overlay-corner overlay-topLeft">
          <div>PET MIP · {load.state === 'ready' ? load.unit : ''}</div>
          <div data-testid="pet-mip-angle">{Math.round(angle)}°</div>
          <div>
            W {suvWindow.min.toFixed(1)}–{suvWindow.max.toFixed(1)}
          </div>
          {marked && <div data-testid="pet-mip-picked">max {marked.value.toFixed(2)} at ({marked.point.map((c) => c.toFixed(1)).join(', ')})</div>}
        </div>
        {load.state === 'loading' && <div className="overlay-corner overlay-bottomLeft">Loading PET…</div>}
        {load.state === 'failed' && <div className="overlay-corner overlay-bottomLeft">MIP unavailable: {load.message}</div>}
        {load.state === 'ready' && load.notices.length > 0 && <div className="overlay-corner overlay-bottomLeft">{load.notices.join(' · ')}</div>}
        {mark && (
          <div
            data-testid="pet-mip-mark"
            style={{ position: 'absolute', left: mark[0] - 6, top: mark[1] - 6, width: 12, height: 12, border: '2px solid #00b4ff', borderRadius: '50%', boxSizing: 'border-box' }}
          />
        )}
      </div>
      <div
        className="pet-mip-controls"
        style={{ position: 'absolute', right: 4, bottom: 4, display: 'flex', gap: 4, pointerEvents: 'auto' }}
        onPointerDown={(e) => e.stopPropagation()}
        onPointerUp={(e) => e.stopPropagation()}
      >
        <button type="button" data-testid="pet-mip-play" onClick={() => setPlaying((p) => !p)} disabled={load.state !== 'ready'}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <select data-testid="pet-mip-step" aria-label="Degrees per frame" value={step} onChange={(e) => setStep(Number(e.target.value))}>
          {STEPS.map((s) => (
            <option key={s} value={s}>
              {s}°/frame
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
