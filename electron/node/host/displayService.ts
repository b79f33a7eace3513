import type { DisplayInfo } from '../../common/contract/hostContract';

/** Where the host learns the displays: Electron's `screen` on the desktop, virtual ones in browser mode. */
export interface DisplayService {
  listDisplays(): DisplayInfo[];
}

/**
 * Browser mode has no physical display list: it models `count` side-by-side virtual displays,
 * each opened as its own page with `?display=N`.
 */
export function createVirtualDisplayService(count: number, width = 1920, height = 1080): DisplayService {
  const displays: DisplayInfo[] = Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    label: `Virtual display ${i + 1}`,
    bounds: { x: i * width, y: 0, width, height },
    scaleFactor: 1,
    primary: i === 0,
  }));
  return { listDisplays: () => displays.map((d) => ({ ...d, bounds: { ...d.bounds } })) };
}
