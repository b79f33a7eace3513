import { useCallback, useEffect, useRef } from 'react';
import type { PlaneScreen } from '../../common/mpr/mprState';
import { colorizeValues, type FusionView } from '../../common/fusion/fusionDisplay';
import { fusionRefusal, type FusionSource } from '../../common/fusion/fusionSource';
import { PlaneSampleCache, planeGridKey } from '../../common/fusion/samplePlane';
import { screenSamplingGrid } from '../../common/fusion/screenSamplingGrid';
import { FUSION_BANNER, FusionLegend } from '../fusion/FusionLegend';

/** The window's fusion, as the MPR views take it: what to draw and where the reformatted series lies. */
export interface MprFusion {
  view: FusionView;
  /** Frame of Reference of the reformatted series: undefined while it is being read, '' when it has none. */
  frameOfReferenceUid: string | undefined;
}

interface Props extends MprFusion {
  /** The plane view's screen mapping and size (CSS px). */
  screen: PlaneScreen;
  size: { width: number; height: number };
  /** Slab thickness (mm): the fused series is sampled on the slab's centre plane, and the legend says so. */
  slabThickness: number;
}

/** Sampled planes of each fused series, shared by the plane views (each paints from the cache). */
const cachesBySource = new WeakMap<FusionSource, PlaneSampleCache>();
function cacheOf(source: FusionSource): PlaneSampleCache {
  let cache = cachesBySource.get(source);
  if (!cache) cachesBySource.set(source, (cache = new PlaneSampleCache(source.sampler, 8)));
  return cache;
}

/**
 * The fused series over one MPR plane (standard or oblique): sampled through its own patient-space
 * sampler at the centre of each CSS pixel of the view (of each block of pixels on a large view),
 * coloured as in the stack viewer, drawn under the crosshair and measurements. Repainted at most
 * once per animation frame while the crosshair moves; a plane seen before comes from the cache.
 */
export function MprFusionLayer({ screen, size, view: fusion, frameOfReferenceUid, slabThickness }: Props) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const sampling = screenSamplingGrid(screen, size);
  const key = planeGridKey(sampling.grid);
  const latest = useRef(sampling);
  latest.current = sampling;
  const refusal = frameOfReferenceUid === undefined ? undefined : fusionRefusal(frameOfReferenceUid, fusion.source);
  const ready = frameOfReferenceUid !== undefined && !refusal;

  useEffect(() => {
    const c = canvas.current;
    if (!c || !ready) return;
    // Coalesced: a crosshair drag changes the plane on every pointer move; one paint per frame is enough.
    const frame = requestAnimationFrame(() => {
      const { grid } = latest.current;
      c.width = grid.columns;
      c.height = grid.rows;
      if (grid.columns === 0 || grid.rows === 0) return;
      const values = cacheOf(fusion.source).values(grid);
      c.getContext('2d')!.putImageData(new ImageData(colorizeValues(values, fusion.display), grid.columns, grid.rows), 0, 0);
      let inside = 0;
      for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) inside++;
      c.dataset.painted = String(inside);
      c.dataset.key = planeGridKey(grid);
    });
    return () => cancelAnimationFrame(frame);
  }, [key, fusion.source, fusion.display, ready]);

  // The canvas's pixels are released with the view, not when the element is collected.
  const canvasRef = useCallback((element: HTMLCanvasElement | null) => {
    if (element) canvas.current = element;
    else if (canvas.current) {
      canvas.current.width = canvas.current.height = 0;
      canvas.current = null;
    }
  }, []);

  if (refusal) {
    return (
      <div className="fusion-refused" data-testid="fusion-refused" role="status" style={{ ...FUSION_BANNER, maxWidth: '70%', fontSize: 12, color: '#f0a040' }}>
        {refusal}
      </div>
    );
  }
  if (!ready) return null;
  const { grid, block } = sampling;
  return (
    <>
      <canvas
        ref={canvasRef}
        className="result-overlay"
        style={{ width: grid.columns * block, height: grid.rows * block, imageRendering: 'pixelated' }}
        data-testid="mpr-fusion-layer"
        data-block={block}
        data-series={fusion.source.seriesInstanceUid}
        data-unit={fusion.source.unit}
      />
      <FusionLegend view={fusion} note={slabThickness > 0 ? `${fusion.source.modality} at the slab's centre plane` : undefined} />
    </>
  );
}
