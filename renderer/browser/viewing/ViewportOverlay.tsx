import type { StackImage } from '../../common/viewing/stackImages';
import { DEFAULT_OVERLAY_LAYOUT, overlayLines, type Corner, type OverlayFields } from '../../common/viewing/overlayLayout';
import { orientationMarkers, scaleBarLength } from '../../common/viewing/orientationMarkers';
import type { ViewTransform } from '../../common/viewing/viewTransform';

export interface ViewportOverlayProps {
  image?: StackImage;
  transform?: ViewTransform;
  height: number;
  fields: OverlayFields;
}

const CORNERS: Corner[] = ['topLeft', 'topRight', 'bottomLeft', 'bottomRight'];

/** Corner text, orientation letters at the edges, and a scale bar in mm. */
export function ViewportOverlay({ image, transform, height, fields }: ViewportOverlayProps) {
  const g = image?.geometry;
  const markers = g && transform ? orientationMarkers(g.rowCosines, g.columnCosines, transform) : undefined;
  const calibrated = image && image.spacingSource !== 'none';
  const barMm = transform && calibrated ? scaleBarLength(transform.scale, height) : undefined;
  return (
    <div className="viewport-overlay" aria-hidden="true">
      {CORNERS.map((c) => (
        <div key={c} className={`overlay-corner overlay-${c}`} data-testid={`overlay-${c}`}>
          {overlayLines(DEFAULT_OVERLAY_LAYOUT[c], image?.dataset, fields).map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      ))}
      {markers && (
        <>
          <div className="orientation-marker marker-top" data-testid="marker-top">{markers.top}</div>
          <div className="orientation-marker marker-bottom" data-testid="marker-bottom">{markers.bottom}</div>
          <div className="orientation-marker marker-left" data-testid="marker-left">{markers.left}</div>
          <div className="orientation-marker marker-right" data-testid="marker-right">{markers.right}</div>
        </>
      )}
      {barMm && transform && (
        <div className="scale-bar" style={{ height: barMm * transform.scale }} data-testid="scale-bar" title={`${barMm} mm`}>
          <span>{barMm} mm</span>
        </div>
      )}
    </div>
  );
}
