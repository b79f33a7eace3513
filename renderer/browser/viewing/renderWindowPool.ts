import supportsNorm16LinearCached from '@kitware/vtk.js/Rendering/OpenGL/Texture/supportsNorm16Linear';
import { describePixels } from '../../../electron/common/dicom/model/pixelDescription';
import { fitTransform } from '../../common/viewing/viewTransform';
import { displayLutFor } from './displayLut';
import { SharedRenderWindow } from './sharedRenderWindow';
import { StackViewportView } from './stackViewportView';

let parked: SharedRenderWindow | undefined;
let parking: HTMLElement | undefined;

function parkingLot(): HTMLElement {
  if (!parking) {
    parking = document.createElement('div');
    // Window-sized, so that adopting the context for a study does not reallocate its drawing buffer.
    parking.style.cssText = 'position:fixed;left:0;top:0;width:100vw;height:100vh;visibility:hidden;pointer-events:none;z-index:-1';
    document.body.append(parking);
  }
  return parking;
}

/**
 * Creates the window's WebGL context and compiles the image programs before any study is opened
 * (a first draw in SwiftShader or on a cold driver costs hundreds of milliseconds), by drawing a
 * tiny 16-bit image once. The viewer then adopts this context.
 */
export function prewarmRenderWindow(): void {
  if (parked) return;
  // vtk.js asks this the first time any texture is made with linear filtering (here: the display
  // table of the first interpolated viewport) and answers it by creating a throwaway WebGL2
  // context — 65–280 ms in SwiftShader, in the middle of the first study's open unless asked now.
  supportsNorm16LinearCached();
  const rw = new SharedRenderWindow(parkingLot());
  rw.skipFirstImageMark();
  parked = rw;
  const cell = document.createElement('div');
  cell.style.cssText = 'position:absolute;inset:0';
  parkingLot().append(cell);
  const desc = describePixels({ '00280010': { vr: 'US', Value: [2] }, '00280011': { vr: 'US', Value: [2] }, '00280100': { vr: 'US', Value: [16] }, '00280103': { vr: 'US', Value: [1] } });
  for (const samples of [new Int16Array([0, 1, 2, 3]), new Uint16Array([0, 1, 2, 3])]) {
    const view = new StackViewportView(cell);
    rw.add(view);
    const frame = { columns: 2, rows: 2, kind: 'gray' as const, samples, range: [0, 3] as [number, number] };
    view.setFrame(frame, [1, 1]);
    view.setLut(displayLutFor(desc, frame, { kind: 'window', center: 1, width: 4, fn: 'LINEAR' }, false, 4096), 'warm', 4096);
    for (const nearest of [true, false]) {
      view.setInterpolation(nearest);
      view.setTransform(fitTransform({ width: 2, height: 2 }, { width: 8, height: 8 }));
      rw.renderNow();
    }
    rw.remove(view);
  }
  cell.remove();
}

/** The window's render window, moved into `container` (the prewarmed one when there is one). */
export function takeRenderWindow(container: HTMLElement): SharedRenderWindow {
  const rw = parked ?? new SharedRenderWindow(container);
  parked = undefined;
  rw.attach(container);
  return rw;
}

/** Gives the render window back when the viewer closes, keeping its context for the next study. */
export function releaseRenderWindow(rw: SharedRenderWindow): void {
  if (parked) {
    rw.dispose();
    return;
  }
  rw.attach(parkingLot());
  parked = rw;
}
