import { useLayoutEffect, useRef, useState } from 'react';
import type { ViewportSize } from '../../common/viewing/viewTransform';
import { TOOLS, type ToolName } from './viewerTools';

export interface ViewportToolMenuProps {
  /** Where it was asked for, in viewport pixels. */
  at: [number, number];
  size: ViewportSize;
  tool: ToolName;
  onTool(tool: ToolName): void;
  onClose(): void;
}

/** The tool menu a viewport opens where it was asked for (the right button with no tool for it). */
export function ViewportToolMenu({ at, size, tool, onTool, onClose }: ViewportToolMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const [menuSize, setMenuSize] = useState<{ width: number; height: number }>();
  useLayoutEffect(() => {
    if (!menuRef.current) return;
    const box = menuRef.current.getBoundingClientRect();
    setMenuSize((s) => (s?.width === box.width && s?.height === box.height ? s : { width: box.width, height: box.height }));
  }, [at]);
  return (
    <div
      ref={menuRef}
      className="tool-menu"
      role="menu"
      // Kept inside the viewport: opened near the bottom-right corner it was cut off.
      style={{ left: Math.max(0, Math.min(at[0], size.width - (menuSize?.width ?? 0))), top: Math.max(0, Math.min(at[1], size.height - (menuSize?.height ?? 0))) }}
      onPointerDown={(e) => e.stopPropagation()}
      data-testid="tool-menu"
    >
      {TOOLS.map((t) => (
        <button
          key={t.id}
          role="menuitemradio"
          aria-checked={t.id === tool}
          onClick={() => {
            onTool(t.id);
            onClose();
          }}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
