import { describe, expect, it } from 'vitest';
import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import { assembleVolume } from './volumeSource';

const info = (dims: [number, number, number]): VolumeBlockInfo => ({
  studyInstanceUid: '1.2',
  seriesInstanceUid: '1.2.3',
  dimensions: dims,
  spacing: [0.5, 0.5, 2],
  direction: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  origin: [0, 0, 0],
  sampleType: 'int16',
  rescale: { slope: 1, intercept: -1024 },
  uniform: true,
  warnings: [],
  slices: [],
  byteLength: dims[0] * dims[1] * dims[2] * 2,
  sha256: '',
});

describe('volume assembly', () => {
  it('keeps the block’s samples as they are (a view, 16-bit stays 16-bit) with their geometry', () => {
    const samples = Int16Array.from({ length: 4 * 3 * 2 }, (_, i) => i - 5);
    const v = assembleVolume(info([4, 3, 2]), samples.buffer);
    expect(v.samples).toBeInstanceOf(Int16Array);
    expect(v.samples.buffer).toBe(samples.buffer);
    expect(v.range).toEqual([-5, 18]);
    expect(v.image.getDimensions()).toEqual([4, 3, 2]);
    expect(v.image.getSpacing()).toEqual([0.5, 0.5, 2]);
    expect(v.notices).toEqual([]);
  });

  it('thins a volume beyond the GPU’s 3D texture limit and says so', () => {
    const samples = Int16Array.from({ length: 4 * 4 * 6 }, (_, i) => i);
    const v = assembleVolume(info([4, 4, 6]), samples.buffer, 4);
    expect(v.geometry.dimensions).toEqual([4, 4, 3]);
    expect(v.geometry.spacing).toEqual([0.5, 0.5, 4]);
    // Slices 0, 2, 4 kept.
    expect(v.samples[16]).toBe(2 * 16);
    expect(v.notices[0]).toContain("4×4×6 exceeds this GPU's 3D texture limit (4): shown at 4×4×3");
  });
});
