import type { SrNumeric, SrScoord, SrScoord3d } from '../../../electron/common/results/sr/readMeasurementReport';
import type { ResultOverlay } from '../../common/results/resultOverlay';

const num = (n: SrNumeric) => `${n.conceptName.meaning}${n.derivation ? ` (${n.derivation.meaning})` : ''}: ${n.value ?? n.qualifier?.meaning ?? '—'} ${n.unit?.value ?? ''}`;
const where = (s: SrScoord | SrScoord3d) => ('image' in s || !('frameOfReferenceUid' in s) ? `on ${(s as SrScoord).image?.sopInstanceUid.slice(-8) ?? 'no image'}` : `3D, frame of reference …${s.frameOfReferenceUid.slice(-8)}`);

/** A shown measurement report: its groups, every numeric value and every coordinate it holds. */
export function ReportDetails({ overlay }: { overlay: Extract<ResultOverlay, { kind: 'sr' }> }) {
  const r = overlay.report;
  const groups = [...r.groups.map((g) => ({ title: g.trackingIdentifier ?? g.finding?.meaning ?? `group ${g.position}`, numerics: g.numerics, scoords: [...g.scoords, ...g.scoords3d] })), ...(r.outside.numerics.length || r.outside.scoords.length || r.outside.scoords3d.length ? [{ title: 'outside groups', numerics: r.outside.numerics, scoords: [...r.outside.scoords, ...r.outside.scoords3d] }] : [])];
  return (
    <ul className="report-groups" data-testid="report-groups">
      {groups.map((g, i) => (
        <li key={i}>
          <div>{g.title}</div>
          {g.numerics.map((n) => (
            <div key={n.position} className="result-meta" data-testid="sr-num">
              {num(n)}
            </div>
          ))}
          {g.scoords.map((s) => (
            <div key={s.position} className="result-meta" data-testid="sr-scoord" data-kind={'frameOfReferenceUid' in s ? '3d' : '2d'}>
              {s.graphicType} {where(s)}
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}
