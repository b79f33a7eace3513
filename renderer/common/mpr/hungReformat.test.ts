import { describe, expect, it } from 'vitest';
import type { ViewportAssignment } from '../../../electron/common/hanging/hangingEngine';
import { hungReformat } from './hungReformat';

const vp = (type: ViewportAssignment['type'], series?: string): ViewportAssignment => ({ displaySet: 'a', type, sync: [], why: '', ...(series ? { seriesInstanceUid: series } : {}) }) as ViewportAssignment;

describe('hung MPR/3D viewports', () => {
  it('CTA: three planes and 3D open as MPR + 3D of their series; planes with a MIP as MPR + 3D MIP', () => {
    expect(hungReformat([vp('mpr-axial', '1.2'), vp('mpr-sagittal', '1.2'), vp('mpr-coronal', '1.2'), vp('3d', '1.2')])).toEqual({ layout: 'mpr-2x2', seriesUid: '1.2' });
    expect(hungReformat([vp('mpr-axial', '1.3'), vp('mip', '1.3')])).toEqual({ layout: 'mpr-2x2', seriesUid: '1.3', preset: 'mip' });
    expect(hungReformat([vp('mpr-axial', '1.4'), vp('mpr-coronal', '1.4')])).toEqual({ layout: 'mpr-1x3', seriesUid: '1.4' });
    expect(hungReformat([vp('stack', '1.1'), vp('3d', '1.5')])).toEqual({ layout: '3d', seriesUid: '1.5' });
  });

  it('PET/CT: stacks beside a MIP stay a stack grid (the MIP is a cell of it), and so does a MIP alone', () => {
    expect(hungReformat([vp('stack', '1.2'), vp(undefined, '1.3'), vp('mip', '1.3')])).toBeUndefined();
    expect(hungReformat([vp('mip', '1.3')])).toBeUndefined();
  });

  it('stacks, and reformat viewports that found no series, stay a stack grid', () => {
    expect(hungReformat([vp('stack', '1.2'), vp(undefined, '1.3')])).toBeUndefined();
    expect(hungReformat([vp('mpr-axial'), vp('3d')])).toBeUndefined();
  });
});
