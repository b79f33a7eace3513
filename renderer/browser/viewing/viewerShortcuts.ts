import { CT_WINDOW_PRESETS } from '../../common/viewing/windowPresets';
import { TOOLS } from './viewerTools';

/** One line of the viewer's keyboard map, as "?" shows it. */
export interface Shortcut {
  keys: string;
  action: string;
}

/**
 * The stack viewer's keyboard map, written once: the "?" list reads it, and a test presses each
 * key and checks the viewer does what it says. (There was no list: "?" did nothing.)
 */
export const VIEWER_SHORTCUTS: Shortcut[] = [
  { keys: '↓ → / ↑ ←', action: 'next / previous image (towards the feet, anterior, the patient’s right)' },
  { keys: 'Page Down / Page Up', action: '10 images on / back' },
  { keys: 'Home / End', action: 'first / last image' },
  { keys: 'Space', action: 'cine on/off' },
  ...CT_WINDOW_PRESETS.map((p) => ({ keys: p.key, action: `${p.label} window (W ${p.width} L ${p.center})` })),
  { keys: '9', action: 'automatic window from the data' },
  { keys: '0', action: 'the image’s own window' },
  { keys: 'i', action: 'invert' },
  { keys: 'f / o', action: 'fit / 1:1 pixels' },
  { keys: '+ / -', action: 'zoom in / out' },
  { keys: '[ / ]', action: 'rotate left / right' },
  { keys: 'h / v', action: 'flip horizontal / vertical' },
  { keys: 'r', action: 'reset the view' },
  { keys: 'Tab / Shift+Tab', action: 'next / previous viewport' },
  ...TOOLS.map((t) => ({ keys: t.key, action: `${t.label} tool` })),
  { keys: 'Delete', action: 'remove the selected measurement' },
  { keys: 'k', action: 'mark / unmark the image as a key image' },
  { keys: 'x', action: 'presentation states off / on (the viewer’s own display)' },
  { keys: 'Shift+T', action: 'DICOM tags of the image (search by keyword, tag or value)' },
  { keys: '?', action: 'this list' },
];
