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
 * A display whose protocol asks for MPR planes or 3D viewports (a MIP beside them included) opens as
 * the matching reformat layout of the series they show (the first such viewport with a series). A
 * display of stacks only, of stacks and MIPs (PET/CT: each MIP is a rotating PET MIP in its own grid
 * cell, beside the stacks it steers), or whose reformat viewports found no series, stays a stack grid.
 */
export function hungReformat(viewports: ViewportAssignment[]): HungReformat | undefined {
  const reformats = viewports.filter((v) => v.type && v.type !== 'stack' && v.seriesInstanceUid);
  const first = reformats[0];
  if (!first || reformats.every((v) => v.type === 'mip')) return undefined;
  const planes = reformats.some((v) => v.type!.startsWith('mpr-'));
  const volume = reformats.some((v) => v.type === '3d' || v.type === 'mip');
  // MPR planes with a MIP (and no 3D): the reformat's 3D view opens as a MIP.
  const mipOnly3d = volume && !reformats.some((v) => v.type === '3d');
  return {
    layout: planes && volume ? 'mpr-2x2' : planes ? 'mpr-1x3' : '3d',
    ...(first.studyInstanceUid ? { studyUid: first.studyInstanceUid } : {}),
    seriesUid: first.seriesInstanceUid!,
    ...(mipOnly3d ? { preset: 'mip' } : {}),
  };
}
