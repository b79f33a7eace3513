import { BrowserWindow } from 'electron';
import path from 'node:path';
import type { DisplayInfo } from '../common/contract/hostContract';
import { planDisplayWindows } from '../common/hanging/displayWindowPlan';
import { APP_ORIGIN } from './appScheme';
import { SECURE_WEB_PREFERENCES } from './windowSecurity';

/**
 * One window per display, each loading the renderer with `?display=<display id>` (the id the
 * host's hanging places layouts by). With more than one display the windows are frameless and
 * full screen, as reading-room monitors are used; a single display keeps a normal window.
 */
export class DisplayWindows {
  private readonly windows = new Map<string, BrowserWindow>();

  constructor(private readonly preloadDir: string) {}

  /** Opens, closes and moves windows to match the displays attached now; the renderers re-plan on the host's display event. */
  sync(displays: DisplayInfo[]): void {
    const changes = planDisplayWindows(new Map([...this.windows].map(([id, w]) => [id, w.getBounds()])), displays);
    const fullScreen = displays.length > 1;
    for (const id of changes.close) {
      this.windows.get(id)?.destroy();
      this.windows.delete(id);
    }
    for (const d of changes.move) {
      const window = this.windows.get(d.id)!;
      window.setFullScreen(false);
      window.setBounds(d.bounds);
      window.setFullScreen(fullScreen);
    }
    for (const d of changes.open) this.windows.set(d.id, this.open(d, fullScreen));
  }

  private open(display: DisplayInfo, fullScreen: boolean): BrowserWindow {
    const window = new BrowserWindow({
      ...display.bounds,
      frame: !fullScreen,
      fullscreen: fullScreen,
      backgroundColor: '#0b0d10',
      title: `Lightbox — ${display.role ?? display.label}`,
      show: false,
      webPreferences: { ...SECURE_WEB_PREFERENCES, preload: path.join(this.preloadDir, 'preload.cjs') },
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => this.windows.get(display.id) === window && this.windows.delete(display.id));
    void window.loadURL(`${APP_ORIGIN}/index.html?display=${encodeURIComponent(display.id)}`);
    return window;
  }
}
