import type { ViewportAssignment } from '../../../electron/common/hanging/hangingEngine';

/** How a hung display with MPR/3D viewport types opens: the reformat layout, its series and 3D preset. */
export interface HungReformat {
  layout: 'mpr-1x3' | 'mpr-2x2' | '3d';
  studyUid?: string;
  seriesUid: string;
  /** 3D preset to start with ('mip' for a protocol's MIP viewport). */
  preset?: string;
}

/**
 * A display whose protocol asks for MPR planes, 3D or MIP viewports opens as the matching reformat
 * layout of the series they show (the first such viewport with a series); a display of stacks only,
 * or whose reformat viewports found no series, stays a stack grid.
 */
export function hungReformat(viewports: ViewportAssignment[]): HungReformat | undefined {
  const reformats = viewports.filter((v) => v.type && v.type !== 'stack' && v.seriesInstanceUid);
  const first = reformats[0];
  if (!first) return undefined;
  const planes = reformats.some((v) => v.type!.startsWith('mpr-'));
  const volume = reformats.some((v) => v.type === '3d' || v.type === 'mip');
  const onlyMip = reformats.every((v) => v.type === 'mip');
  return {
    layout: planes && volume ? 'mpr-2x2' : planes ? 'mpr-1x3' : '3d',
    ...(first.studyInstanceUid ? { studyUid: first.studyInstanceUid } : {}),
    seriesUid: first.seriesInstanceUid!,
    ...(onlyMip ? { preset: 'mip' } : {}),
  };
}
