import { useEffect, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { SegmentationStatisticsReport } from '../../../electron/common/results/seg/segmentationStatisticsReport';
import { DEFAULT_SEGMENT_STYLE, segmentKey, type ResultOverlay, type SegmentStyle } from '../../common/results/resultOverlay';

interface Props {
  client: HostClient;
  studyUid: string;
  overlay: Extract<ResultOverlay, { kind: 'seg' }>;
  styles: Readonly<Record<string, SegmentStyle>>;
  onStyle(key: string, style: SegmentStyle): void;
}

const g = (n: number | undefined) => (n === undefined ? '—' : String(Number(n.toPrecision(4))));

/** A shown segmentation's segments: colour, visibility, opacity, and statistics over their images. */
export function SegmentationDetails({ client, studyUid, overlay, styles, onStyle }: Props) {
  const [stats, setStats] = useState<SegmentationStatisticsReport>();
  useEffect(() => {
    let live = true;
    client.call('getSegmentStatistics', { params: { studyUid, sopUid: overlay.sopInstanceUid } }).then(
      (r) => live && setStats(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, studyUid, overlay.sopInstanceUid]);
  return (
    <ul className="segment-list" data-testid="segment-list">
      {[...overlay.segments.values()]
        .filter((s) => !s.isBackground)
        .map((s) => {
          const key = segmentKey(overlay.sopInstanceUid, s.number);
          const style = styles[key] ?? DEFAULT_SEGMENT_STYLE;
          const st = stats?.segments.find((x) => x.label === s.label && x.color.join() === s.color.join());
          return (
            <li key={s.number} data-testid="segment-item">
              <label>
                <input type="checkbox" checked={style.visible} onChange={(e) => onStyle(key, { ...style, visible: e.target.checked })} aria-label={`Show ${s.label}`} />
                <span className="swatch" style={{ background: `rgb(${s.color.join(',')})` }} /> {s.label}
              </label>
              <input type="range" min={0} max={1} step={0.05} value={style.opacity} onChange={(e) => onStyle(key, { ...style, opacity: Number(e.target.value) })} aria-label={`Opacity of ${s.label}`} />
              {st && (
                <div className="result-meta" data-testid="segment-stats">
                  {g(st.volumeMl)} ml · mean {g(st.mean)} {st.units}
                  {st.suvbw && ` · SUVbw mean ${g(st.suvbw.mean)} max ${g(st.suvbw.max)}`}
                </div>
              )}
            </li>
          );
        })}
    </ul>
  );
}
