import { screen, type Display } from 'electron';
import type { DisplayInfo } from '../common/contract/hostContract';

function toDisplayInfo(display: Display, primaryId: number, index: number): DisplayInfo {
  return {
    id: String(display.id),
    label: display.label || `Display ${index + 1}`,
    bounds: { ...display.bounds },
    scaleFactor: display.scaleFactor,
    primary: display.id === primaryId,
  };
}

/** The physical displays, from Electron's `screen` (only valid after `app.ready`); the host gives them their roles. */
export function listElectronDisplays(): DisplayInfo[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d, i) => toDisplayInfo(d, primaryId, i));
}

export function onDisplaysChanged(listener: () => void): void {
  screen.on('display-added', listener);
  screen.on('display-removed', listener);
  screen.on('display-metrics-changed', listener);
}
