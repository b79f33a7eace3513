import { useEffect } from 'react';
import { CT_WINDOW_PRESETS } from '../../common/viewing/windowPresets';
import { TOOLS, type ToolName, type ViewportCommands } from './viewerTools';

/**
 * The stack viewer's keys (the map "?" lists: viewerShortcuts.ts), on the window, for the active
 * viewport's commands; ignored while a field has the focus.
 */
export function useViewerKeys(keys: {
  activeCommands(): ViewportCommands | null;
  cells: number;
  setActive(update: (active: number) => number): void;
  setTool(tool: ToolName): void;
  showShortcuts(): void;
  /** False while MPR/3D replaces the stack grid: its own keys choose its tools (here they changed the hidden stack viewer's). */
  stackShown: boolean;
  /** Marks or unmarks the active image as a key image. */
  toggleKeyImage?(): void;
  /** Takes the presentation states off every viewport, or puts them back. */
  togglePresentations?(): void;
  /** Opens the DICOM tags of the active viewport's image. */
  showTags?(): void;
}): void {
  const { activeCommands, cells, setActive, setTool, showShortcuts, stackShown, toggleKeyImage, togglePresentations, showTags } = keys;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      if (e.key === '?') {
        showShortcuts();
        e.preventDefault();
        return;
      }
      const c = activeCommands();
      if (!c) return;
      const handled = (() => {
        switch (e.key) {
          case 'ArrowDown':
          case 'ArrowRight':
            return c.scrollBy(1), true;
          case 'ArrowUp':
          case 'ArrowLeft':
            return c.scrollBy(-1), true;
          case 'PageDown':
            return c.scrollBy(10), true;
          case 'PageUp':
            return c.scrollBy(-10), true;
          case 'Home':
            return c.scrollTo(0), true;
          case 'End':
            return c.scrollTo(Number.MAX_SAFE_INTEGER), true;
          case ' ':
            return c.toggleCine(), true;
          case 'i':
            return c.invert(), true;
          case 'r':
            return c.reset(), true;
          case 'f':
            return c.fit(), true;
          case 'o':
            return c.oneToOne(), true;
          case '+':
          case '=':
            return c.zoomBy(1.25), true;
          case '-':
            return c.zoomBy(0.8), true;
          case 'h':
            return c.flip('h'), true;
          case 'v':
            return c.flip('v'), true;
          case ']':
            return c.rotate(90), true;
          case '[':
            return c.rotate(-90), true;
          case '0':
            return c.applyPreset('default'), true;
          case '9':
            return c.applyPreset('auto'), true;
          case 'x':
            if (!stackShown || !togglePresentations) return false;
            return togglePresentations(), true;
          case 'k':
            if (!stackShown || !toggleKeyImage) return false;
            return toggleKeyImage(), true;
          case 'T':
            if (!stackShown || !showTags) return false;
            return showTags(), true;
          case 'Tab': {
            if (!stackShown) return false;
            setActive((a) => (a + (e.shiftKey ? cells - 1 : 1)) % cells);
            return true;
          }
          default: {
            const preset = CT_WINDOW_PRESETS.find((p) => p.key === e.key);
            if (preset) return c.applyPreset(preset.id), true;
            const t = TOOLS.find((x) => x.key === e.key);
            if (t && stackShown) return setTool(t.id), true;
            return false;
          }
        }
      })();
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
