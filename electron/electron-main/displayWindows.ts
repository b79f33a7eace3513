import { BrowserWindow } from 'electron';
import path from 'node:path';
import type { DisplayInfo } from '../common/contract/hostContract';
import { APP_ORIGIN } from './appScheme';
import { SECURE_WEB_PREFERENCES } from './windowSecurity';

/** One window per display, each loading the renderer with `?display=N`. */
export function openDisplayWindow(display: DisplayInfo, index: number, preloadDir: string): BrowserWindow {
  const window = new BrowserWindow({
    ...display.bounds,
    backgroundColor: '#0b0d10',
    title: 'Lightbox',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: path.join(preloadDir, 'preload.cjs') },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html?display=${index + 1}`);
  return window;
}
