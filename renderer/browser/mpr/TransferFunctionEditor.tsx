import { useMemo, useRef, useState } from 'react';
import { addOpacityPoint, colorAt, moveOpacityPoint, removeOpacityPoint, volumeHistogram } from '../../common/mpr/transferFunction';
import type { VolumePreset } from '../../common/mpr/volumePresets';
import type { LoadedVolume } from './volumeSource';

const W = 360;
const H = 110;
const STRIP = 12;

export interface TransferFunctionEditorProps {
  volume: LoadedVolume;
  preset: VolumePreset;
  onChange(preset: VolumePreset): void;
}

/**
 * Opacity points over the volume's histogram (log counts), the colour map beneath: drag a point,
 * double-click empty space to add one, double-click a point to remove it. Values in modality units.
 */
export function TransferFunctionEditor({ volume, preset, onChange }: TransferFunctionEditorProps) {
  const { slope, intercept } = volume.info.rescale;
  const [lo, hi] = useMemo(() => volume.range.map((v) => v * slope + intercept).sort((a, b) => a - b) as [number, number], [volume, slope, intercept]);
  const histogram = useMemo(() => volumeHistogram(volume.samples, volume.info.rescale, volume.range), [volume]);
  const peak = Math.log1p(Math.max(...histogram));
  const x = (v: number) => ((v - lo) / Math.max(1e-9, hi - lo)) * W;
  const y = (o: number) => (1 - o) * (H - STRIP - 4) + 2;
  const valueAt = (px: number) => lo + (px / W) * (hi - lo);
  const opacityAt = (py: number) => 1 - (py - 2) / (H - STRIP - 4);
  const svg = useRef<SVGSVGElement>(null);
  const [dragging, setDragging] = useState<number>();
  const local = (e: { clientX: number; clientY: number }): [number, number] => {
    const box = svg.current!.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top];
  };
  const editable = preset.blend === 'composite';

  return (
    <div className="tf-editor" data-testid="tf-editor" onPointerDown={(e) => e.stopPropagation()} onWheel={(e) => e.stopPropagation()}>
      <div className="tf-title">
        Opacity over the histogram · {Math.round(lo)} to {Math.round(hi)} {intercept <= -1000 ? 'HU' : ''}
        {!editable && ' (MIP/MinIP: no opacity curve)'}
      </div>
      <svg
        ref={svg}
        width={W}
        height={H}
        onPointerMove={(e) => {
          if (dragging === undefined) return;
          const [px, py] = local(e);
          onChange(moveOpacityPoint(preset, dragging, valueAt(px), opacityAt(py)));
        }}
        onPointerUp={() => setDragging(undefined)}
        onDoubleClick={(e) => {
          if (!editable || (e.target as Element).tagName === 'circle') return;
          const [px, py] = local(e);
          onChange(addOpacityPoint(preset, valueAt(px), opacityAt(py)));
        }}
      >
        {histogram.map((count, i) => {
          const h = (Math.log1p(count) / peak) * (H - STRIP - 4);
          return <rect key={i} x={(i / histogram.length) * W} y={H - STRIP - 2 - h} width={W / histogram.length} height={h} fill="#3a4150" />;
        })}
        {Array.from({ length: 60 }, (_, i) => {
          const [r, g, b] = colorAt(preset, valueAt((i + 0.5) * (W / 60)));
          return <rect key={i} x={(i * W) / 60} y={H - STRIP} width={W / 60 + 0.5} height={STRIP} fill={`rgb(${r * 255},${g * 255},${b * 255})`} />;
        })}
        {editable && (
          <>
            <polyline points={preset.opacity.map(([v, o]) => `${x(v)},${y(o)}`).join(' ')} fill="none" stroke="#ffd54a" strokeWidth={1.5} />
            {preset.opacity.map(([v, o], i) => (
              <circle
                key={i}
                data-testid="tf-point"
                cx={x(v)}
                cy={y(o)}
                r={5}
                fill="#ffd54a"
                stroke="#000"
                style={{ cursor: 'grab' }}
                onPointerDown={(e) => {
                  (e.target as Element).setPointerCapture(e.pointerId);
                  setDragging(i);
                }}
                onDoubleClick={() => onChange(removeOpacityPoint(preset, i))}
              />
            ))}
          </>
        )}
      </svg>
    </div>
  );
}
