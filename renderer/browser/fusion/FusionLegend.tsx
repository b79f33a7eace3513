import { colorMapLut } from '../../common/fusion/colorMaps';
import type { FusionView } from '../../common/fusion/fusionDisplay';

/** Top centre, below the orientation letter: clear of the corner text. */
export const FUSION_BANNER = { position: 'absolute', top: 22, left: '50%', transform: 'translateX(-50%)', textAlign: 'center', pointerEvents: 'none' } as const;

/** A few stops of the colour map for the legend's bar. */
function gradient(view: FusionView): string {
  const lut = colorMapLut(view.display.petOnly ? 'greyInverted' : view.display.colorMap);
  const stops = [0, 32, 64, 96, 128, 160, 192, 224, 255].map((n) => `rgb(${lut[3 * n]},${lut[3 * n + 1]},${lut[3 * n + 2]})`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/**
 * What a fused viewport shows of its fusion: the colour bar, the series' modality and unit, the
 * window, and (`note`) how it was sampled when that is not the obvious (a slab's centre plane).
 */
export function FusionLegend({ view, note }: { view: FusionView; note?: string }) {
  const { window: w, petOnly } = view.display;
  return (
    <div className="fusion-legend" data-testid="fusion-legend" style={{ ...FUSION_BANNER, fontSize: 11, color: '#ddd' }}>
      <div style={{ width: 96, height: 8, margin: '0 auto', background: gradient(view), border: '1px solid #555' }} />
      {`${view.source.modality} ${view.source.unit} ${w.min}–${w.max}${petOnly ? ' (alone)' : ''}`}
      {note && <div data-testid="fusion-legend-note">{note}</div>}
      {view.source.registration && <div data-testid="fusion-registration">{view.source.registration.label}</div>}
      {view.source.edited && (
        <div data-testid="suv-edited" style={{ color: '#f0a040' }} title="The reader overrode the PET's weight, height, dose or injection time (SUV inputs…)">
          SUV (edited)
        </div>
      )}
    </div>
  );
}
