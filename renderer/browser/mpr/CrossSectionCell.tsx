import { useEffect, useLayoutEffect, useRef } from 'react';
import { cross, normalize } from '../../../electron/common/dicom/geometry/vec3';
import { centerlineAt, type Centerline } from '../../common/mpr/curvedReformat';
import type { SharedRenderWindow } from '../viewing/sharedRenderWindow';
import { MprPlaneView } from './mprPlaneView';
import { useElementSize } from './useElementSize';
import type { LoadedVolume } from './volumeSource';

/** Field of view of the cross-section (mm across its shorter side). */
const FIELD_MM = 40;

export interface CrossSectionCellProps {
  volume: LoadedVolume;
  line: Centerline;
  arc: number;
  window: { center: number; width: number };
  renderWindow: SharedRenderWindow;
}

/** The plane perpendicular to the centerline at the cursor's arc length, the line at its centre. */
export function CrossSectionCell({ volume, line, arc, window, renderWindow }: CrossSectionCellProps) {
  const element = useRef<HTMLDivElement>(null);
  const view = useRef<MprPlaneView>(undefined);
  const size = useElementSize(element);

  useLayoutEffect(() => {
    const v = new MprPlaneView(element.current!);
    view.current = v;
    renderWindow.add(v);
    return () => renderWindow.remove(v);
  }, [renderWindow]);

  useEffect(() => {
    const at = centerlineAt(line, arc);
    const right = at.lateral;
    const down = normalize(cross(at.tangent, right));
    view.current!.setVolume(volume);
    view.current!.setState({
      plane: { right, down, normal: at.tangent },
      center: at.point,
      pan: [0, 0],
      mmPerPixel: FIELD_MM / Math.max(1, Math.min(size.width, size.height)),
      slab: { thickness: 0, mode: 'mip' },
      window,
      nearest: false,
    });
    renderWindow.requestRender();
  }, [volume, line, arc, window, size, renderWindow]);

  return (
    <div ref={element} className="viewport mpr-viewport" data-testid="cpr-cross-section">
      <svg className="mpr-lines" width={size.width} height={size.height} aria-hidden="true">
        <circle cx={size.width / 2} cy={size.height / 2} r={4} fill="none" stroke="#ffd54a" />
      </svg>
      <div className="viewport-overlay" aria-hidden="true">
        <div className="overlay-corner overlay-topLeft">
          <div>Cross-section</div>
          <div>{`${arc.toFixed(1)} mm along the line`}</div>
        </div>
      </div>
    </div>
  );
}
