import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { planeEdgeLabels, type ScreenPlane } from '../../common/mpr/mprGeometry';
import { OrientationCube } from './OrientationCube';
import type { ViewDirection, VolumePreset } from '../../common/mpr/volumePresets';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import { mprHooks } from './mprTestHooks';
import { VolumeRenderView, type CropBox } from './volumeRenderView';
import type { LoadedVolume } from './volumeSource';

/** What the toolbar asks of the 3D view. */
export interface VolumeCommands {
  resetView(direction: ViewDirection): void;
  /** Turns the view a full circle in `frames` steps, calling `capture` after each (a rotating cine). */
  turnAround<T>(frames: number, capture: () => T): T[];
}

export interface VolumeCellProps {
  volume: LoadedVolume;
  renderWindow: SharedRenderWindow;
  preset: VolumePreset;
  shade: boolean;
  crop: CropBox;
  active: boolean;
  onActivate(): void;
  commands: Ref<VolumeCommands | null>;
}

/** The 3D view: drag to turn, wheel to zoom; orientation letters follow the camera. */
export function VolumeCell({ volume, renderWindow, preset, shade, crop, active, onActivate, commands }: VolumeCellProps) {
  const element = useRef<HTMLDivElement>(null);
  const view = useRef<VolumeRenderView>(undefined);
  const [camera, setCamera] = useState<ScreenPlane>();
  const labels = camera ? planeEdgeLabels(camera) : { left: '', right: '', top: '', bottom: '' };
  const refreshLabels = () => view.current && setCamera(view.current.screenPlane());

  useLayoutEffect(() => {
    const v = new VolumeRenderView(element.current!);
    v.onNeedsRender = () => renderWindow.requestRender();
    view.current = v;
    renderWindow.add(v);
    mprHooks().threeD = { element: element.current!, atRest: () => v.atRest() };
    return () => {
      renderWindow.remove(v);
      v.dispose();
      delete mprHooks().threeD;
    };
  }, [renderWindow]);

  useEffect(() => {
    view.current!.setVolume(volume);
    refreshLabels();
    renderWindow.requestRender();
  }, [volume, renderWindow]);
  useEffect(() => {
    view.current!.setPreset(preset, shade);
    renderWindow.requestRender();
  }, [preset, shade, volume, renderWindow]);
  useEffect(() => {
    view.current!.setCrop(crop);
    renderWindow.requestRender();
  }, [crop, volume, renderWindow]);

  useImperativeHandle(commands, () => ({
    resetView(direction) {
      view.current?.resetView(direction);
      refreshLabels();
      renderWindow.requestRender();
    },
    turnAround(frames, capture) {
      const out = [];
      for (let i = 0; i < frames; i++) {
        view.current!.rotate(360 / frames, 0, false);
        out.push(capture());
      }
      refreshLabels();
      return out;
    },
  }));

  const drag = useRef<{ x: number; y: number }>(undefined);
  return (
    <div
      ref={element}
      className={`viewport mpr-viewport${active ? ' active' : ''}`}
      data-testid="mpr-3d"
      onPointerDown={(e) => {
        onActivate();
        element.current!.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, y: e.clientY };
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        view.current!.rotate((e.clientX - drag.current.x) * 0.5, (e.clientY - drag.current.y) * 0.5);
        drag.current = { x: e.clientX, y: e.clientY };
        refreshLabels();
        renderWindow.requestRender();
      }}
      onPointerUp={() => (drag.current = undefined)}
      onWheel={(e) => {
        view.current!.zoomBy(e.deltaY < 0 ? 1.1 : 1 / 1.1);
        renderWindow.requestRender();
      }}
    >
      <div className="viewport-overlay" aria-hidden="true">
        <div className="overlay-corner overlay-topLeft">
          <div>3D · {preset.label}</div>
        </div>
        {camera && <OrientationCube camera={camera} />}
        <div className="orientation-marker marker-top" data-testid="mpr-marker-3d-top">{labels.top}</div>
        <div className="orientation-marker marker-bottom" data-testid="mpr-marker-3d-bottom">{labels.bottom}</div>
        <div className="orientation-marker marker-left" data-testid="mpr-marker-3d-left">{labels.left}</div>
        <div className="orientation-marker marker-right" data-testid="mpr-marker-3d-right">{labels.right}</div>
      </div>
    </div>
  );
}
