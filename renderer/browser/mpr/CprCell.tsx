import { useEffect, useRef } from 'react';
import type { Reformat } from '../../common/mpr/curvedReformat';
import { useElementSize } from './useElementSize';

export interface CprCellProps {
  kind: 'straightened' | 'stretched';
  reformat: Reformat;
  window: { center: number; width: number };
  /** Centerline length (mm), shown in the corner. */
  lineLength: number;
  /** Arc length (mm) under the reader's cursor, marked as a line across. */
  cursorArc?: number;
  onCursorArc(arc: number | undefined): void;
}

/**
 * A curved reformat drawn as a 2D image (computed on the CPU, millimetre-exact), scaled to fit with
 * square pixels: the centerline runs top to bottom; hovering picks the cross-section's position.
 */
export function CprCell({ kind, reformat, window, lineLength, cursorArc, onCursorArc }: CprCellProps) {
  const element = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(element);
  // Pixels per reformat pixel: the whole reformat fits, square.
  const zoom = Math.max(0.01, Math.min(size.width / reformat.width, size.height / reformat.height));
  const drawn = { width: reformat.width * zoom, height: reformat.height * zoom };
  const left = (size.width - drawn.width) / 2;
  const top = (size.height - drawn.height) / 2;

  useEffect(() => {
    const c = canvas.current!;
    c.width = reformat.width;
    c.height = reformat.height;
    const ctx = c.getContext('2d')!;
    const image = ctx.createImageData(reformat.width, reformat.height);
    const lo = window.center - window.width / 2;
    for (let i = 0; i < reformat.values.length; i++) {
      const g = Math.max(0, Math.min(255, Math.round(((reformat.values[i]! - lo) / window.width) * 255)));
      image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = g;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [reformat, window]);

  const rowOf = (arc: number): number => {
    let best = 0;
    for (let r = 0; r < reformat.rowArc.length; r++) if (Math.abs(reformat.rowArc[r]! - arc) < Math.abs(reformat.rowArc[best]! - arc)) best = r;
    return best;
  };
  const cursorRow = cursorArc === undefined ? undefined : rowOf(cursorArc);

  return (
    <div
      ref={element}
      className="viewport mpr-viewport cpr-viewport"
      data-testid={`cpr-${kind}`}
      onPointerMove={(e) => {
        const box = element.current!.getBoundingClientRect();
        const row = Math.round((e.clientY - box.top - top) / zoom);
        onCursorArc(row >= 0 && row < reformat.height ? reformat.rowArc[row]! : undefined);
      }}
    >
      <canvas
        ref={canvas}
        data-testid={`cpr-${kind}-image`}
        data-mm-per-pixel={reformat.pixelMm / zoom}
        data-reformat-mm={reformat.pixelMm}
        style={{ position: 'absolute', left, top, width: drawn.width, height: drawn.height, imageRendering: 'auto' }}
      />
      <svg className="mpr-lines" width={size.width} height={size.height} aria-hidden="true">
        {cursorRow !== undefined && <line x1={left} x2={left + drawn.width} y1={top + (cursorRow + 0.5) * zoom} y2={top + (cursorRow + 0.5) * zoom} stroke="#ffd54a" strokeDasharray="4 3" />}
      </svg>
      <div className="viewport-overlay" aria-hidden="true">
        <div className="overlay-corner overlay-topLeft">
          <div>{kind === 'straightened' ? 'Straightened CPR' : 'Stretched CPR'}</div>
          <div data-testid={`cpr-${kind}-length`}>{`Centerline ${lineLength.toFixed(1)} mm`}</div>
        </div>
        <div className="overlay-corner overlay-bottomLeft">
          <div>{`W ${Math.round(window.width)} L ${Math.round(window.center)}`}</div>
          {cursorArc !== undefined && <div>{`${cursorArc.toFixed(1)} mm along the line`}</div>}
        </div>
      </div>
    </div>
  );
}
