import { useMemo, useState } from 'react';
import type { FusionSource } from '../../common/fusion/fusionSource';
import { sphereRadiusMm, suvRegionLines, suvRegionResult, type SuvRegion, type SuvRegionResult } from '../../common/fusion/suvRegionLabel';
import { formatMetabolicThreshold, parseMetabolicThreshold } from '../../common/fusion/suvRegions';
import type { StackImage } from '../../common/viewing/stackImages';
import { imageToScreen, type Point2, type ViewTransform, type ViewportSize } from '../../common/viewing/viewTransform';
import { AnnotationLabel } from '../viewing/AnnotationLabel';

export interface SuvToolsLayerProps {
  regions: SuvRegion[];
  draft?: SuvRegion;
  selectedId?: string;
  image: StackImage;
  transform: ViewTransform;
  size: ViewportSize;
  /** Where the SUV comes from (the fused PET, or the PET shown); undefined: the regions say why there is none. */
  source?: FusionSource;
  onThreshold(id: string, threshold: string): void;
}

/** Results kept per region shape and source: a redraw (a zoom, another region's drag) does not recompute them. */
const results = new WeakMap<FusionSource, Map<string, SuvRegionResult>>();
function resultOf(region: SuvRegion, source: FusionSource | undefined, image: StackImage): SuvRegionResult {
  if (!source) return suvRegionResult(region, source, image.geometry);
  let kept = results.get(source);
  if (!kept) results.set(source, (kept = new Map()));
  const key = `${region.kind}|${region.sopInstanceUid}#${region.frame}|${region.points.flat().join(',')}|${region.threshold ?? ''}`;
  let r = kept.get(key);
  if (!r) {
    r = suvRegionResult(region, source, image.geometry);
    if (kept.size > 200) kept.clear();
    kept.set(key, r);
  }
  return r;
}

/** Numbers the e2e tests and scripts read (the label is for the eye). */
function dataOf(r: SuvRegionResult): Record<string, string> {
  if (r.kind === 'none') return {};
  const d: Record<string, string> = { 'data-suv-max': String(r.stats.suvMax), 'data-suv-mean': String(r.stats.suvMean), 'data-voxels': String(r.stats.voxels) };
  if (r.kind === 'suvSphere') {
    if (r.stats.suvPeak !== undefined) d['data-suv-peak'] = String(r.stats.suvPeak);
    d['data-mtv-ml'] = String(r.stats.metabolicVolumeMl);
    d['data-tlg'] = String(r.stats.tlg);
    d['data-threshold-suv'] = String(r.stats.thresholdSuv);
  }
  return d;
}

/**
 * SUV regions of the shown image drawn in screen space with their statistics from the PET's voxels:
 * the ellipse as drawn; the sphere as its cross-section in this image's plane (a circle). The
 * selected sphere has a small threshold field under its label.
 */
export function SuvToolsLayer({ regions, draft, selectedId, image, transform, size, source, onThreshold }: SuvToolsLayerProps) {
  const s = (p: Point2): Point2 => imageToScreen(transform, size, p);
  const all = draft ? [...regions, draft] : regions;
  const selected = regions.find((r) => r.id === selectedId && r.kind === 'suvSphere');
  return (
    <>
      <svg className="measurement-layer" width={size.width} height={size.height} data-testid="suv-tools-layer">
        {all.map((r) => {
          const result = resultOf(r, source, image);
          const lines = suvRegionLines(result, !!source?.edited);
          const [a, b] = r.points.map(s) as [Point2, Point2];
          const anchor: Point2 = r.kind === 'suvSphere' ? [a[0] + Math.hypot(b[0] - a[0], b[1] - a[1]), a[1]] : [Math.max(a[0], b[0]), Math.min(a[1], b[1])];
          return (
            <g key={r.id} className={`measurement ${r.id === selectedId ? 'selected' : ''}`} data-kind={r.kind} data-id={r.id} data-testid="suv-region" {...dataOf(result)}>
              {r.kind === 'suvRoi' ? (
                <ellipse cx={(a[0] + b[0]) / 2} cy={(a[1] + b[1]) / 2} rx={Math.abs(b[0] - a[0]) / 2} ry={Math.abs(b[1] - a[1]) / 2} />
              ) : (
                <circle cx={a[0]} cy={a[1]} r={sphereRadiusMm(r) * transform.scale} strokeDasharray="4 3" />
              )}
              {[a, b].map((q, i) => (
                <circle key={i} className="handle" cx={q[0]} cy={q[1]} r={3} />
              ))}
              <AnnotationLabel anchor={anchor} lines={lines} testId="suv-label" />
            </g>
          );
        })}
      </svg>
      {selected && <ThresholdField key={selected.id} region={selected} at={s(selected.points[0])} scale={transform.scale} onThreshold={onThreshold} />}
    </>
  );
}

/** The selected sphere's threshold: `2.5` (a fixed SUV) or `41%` (of SUVmax), applied on Enter or when the field is left. */
function ThresholdField({ region, at, scale, onThreshold }: { region: SuvRegion; at: Point2; scale: number; onThreshold(id: string, t: string): void }) {
  const [typed, setTyped] = useState(region.threshold ?? '');
  const valid = useMemo(() => parseMetabolicThreshold(typed), [typed]);
  const apply = () => valid && onThreshold(region.id, formatMetabolicThreshold(valid));
  const r = sphereRadiusMm(region) * scale;
  return (
    <div style={{ position: 'absolute', left: at[0] - 60, top: at[1] + r + 6, fontSize: 11, color: '#ffd24a', pointerEvents: 'auto' }} onPointerDown={(e) => e.stopPropagation()}>
      MTV threshold{' '}
      <input
        value={typed}
        size={7}
        title="A fixed SUV (2.5) or a percentage of SUVmax (41%)"
        style={{ fontSize: 11, borderColor: valid ? undefined : 'var(--danger)' }}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') apply();
        }}
        onBlur={apply}
        data-testid="suv-threshold"
      />
    </div>
  );
}
