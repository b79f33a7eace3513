import { describe, expect, it } from 'vitest';
import { buildStack } from './stackImages';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

function slice(uid: string, z: number, instanceNumber: number, extra: DicomJsonDataset = {}): DicomJsonDataset {
  return {
    '00080018': { vr: 'UI', Value: [uid] },
    '00200013': { vr: 'IS', Value: [instanceNumber] },
    '00280010': { vr: 'US', Value: [4] },
    '00280011': { vr: 'US', Value: [8] },
    '00280100': { vr: 'US', Value: [16] },
    '00280030': { vr: 'DS', Value: [0.5, 0.25] },
    '00200032': { vr: 'DS', Value: [0, 0, z] },
    '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
    ...extra,
  };
}

describe('buildStack', () => {
  it('orders an axial stack head first, whatever the instance numbers', () => {
    const stack = buildStack([slice('a', -10, 1), slice('b', 10, 3), slice('c', 0, 2)]);
    expect(stack.map((s) => s.sopInstanceUid)).toEqual(['b', 'c', 'a']);
  });

  it('keeps Pixel Spacing as [between rows, between columns] for the aspect ratio', () => {
    const [first] = buildStack([slice('a', 0, 1)]);
    expect(first!.pixelSpacing).toEqual([0.5, 0.25]);
    expect(first!.spacingSource).toBe('PixelSpacing');
  });

  it('falls back to Instance Number without positions, and marks missing spacing', () => {
    const bare = (uid: string, n: number): DicomJsonDataset => ({
      '00080018': { vr: 'UI', Value: [uid] },
      '00200013': { vr: 'IS', Value: [n] },
      '00280010': { vr: 'US', Value: [4] },
      '00280011': { vr: 'US', Value: [4] },
    });
    const stack = buildStack([bare('x', 2), bare('y', 1)]);
    expect(stack.map((s) => s.sopInstanceUid)).toEqual(['y', 'x']);
    expect(stack[0]!.spacingSource).toBe('none');
  });

  it('expands multi-frame instances into one image per frame', () => {
    const stack = buildStack([{ ...slice('m', 0, 1), '00280008': { vr: 'IS', Value: [3] } }]);
    expect(stack.map((s) => s.frame)).toEqual([1, 2, 3]);
  });
});
