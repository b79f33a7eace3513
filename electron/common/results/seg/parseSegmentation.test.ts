import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { parseSegmentation } from './parseSegmentation';
import { decodedSegmentationFrames, nativeSegmentationFrames } from './segmentationPixels';
import { segmentStatistics } from './segmentStatistics';

/**
 * Small made-up headers for the rules the shared samples do not exercise (padding in label maps,
 * undescribed labels, threshold ties, palettes, missing segment identification). The real-data
 * checks are in electron/node/results/*.test.ts.
 */
const us = (...v: number[]) => ({ vr: 'US', Value: v });
const cs = (v: string) => ({ vr: 'CS', Value: [v] });
const sq = (...items: DicomJsonDataset[]) => ({ vr: 'SQ', Value: items });
const code = (value: string, scheme: string, meaning: string): DicomJsonDataset => ({ '00080100': { vr: 'SH', Value: [value] }, '00080102': { vr: 'SH', Value: [scheme] }, '00080104': { vr: 'LO', Value: [meaning] } });

function header(type: string, frames: number, segments: DicomJsonDataset[], perFrame: DicomJsonDataset[] = [], extra: DicomJsonDataset = {}): DicomJsonDataset {
  return {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.66.4'] },
    '00080018': { vr: 'UI', Value: ['1.2.3'] },
    '00280008': { vr: 'IS', Value: [frames] },
    '00280010': us(2),
    '00280011': us(3),
    '00280100': us(type === 'BINARY' ? 1 : 8),
    '00620001': cs(type),
    '00620002': sq(...segments),
    '52009230': sq(...perFrame),
    ...extra,
  };
}
const segment = (n: number, extra: DicomJsonDataset = {}): DicomJsonDataset => ({ '00620004': us(n), '00620005': { vr: 'LO', Value: [`S${n}`] }, ...extra });
const frameOf = (n: number): DicomJsonDataset => ({ '0062000A': sq({ '0062000B': us(n) }) });

describe('parseSegmentation (rules beyond the shared samples)', () => {
  it('label map: Pixel Padding Value belongs to no segment; undescribed labels are reported (0 silently), not shown', () => {
    const ds = header('LABELMAP', 1, [segment(1), segment(7)], [], { '00280120': us(9) });
    const seg = parseSegmentation(ds, decodedSegmentationFrames([[9, 1, 7, 3, 0, 1]]));
    expect(seg.masks.map((m) => [m.segmentNumber, [...m.data]])).toEqual([
      [1, [0, 1, 0, 0, 0, 1]],
      [7, [0, 0, 1, 0, 0, 0]],
    ]);
    expect(seg.warnings).toEqual(['label values 3 have no Segment Sequence item; not shown']);
  });

  it('fractional: the mask starts at half the maximum (inclusive); the fraction is rescaled to 0..255', () => {
    const ds = header('FRACTIONAL', 1, [segment(1)], [frameOf(1)], { '0062000E': us(100), '00620010': cs('OCCUPANCY') });
    const seg = parseSegmentation(ds, decodedSegmentationFrames([[0, 49, 50, 51, 100, 120]]));
    const [mask] = seg.masks;
    expect([...mask!.data]).toEqual([0, 0, 1, 1, 1, 1]);
    expect([...mask!.fraction!]).toEqual([0, 125, 128, 130, 255, 255]);
    expect([seg.fractionalType, seg.maxFractionalValue]).toEqual(['OCCUPANCY', 100]);
  });

  it('binary: a frame naming no segment is skipped with a warning; the segment may be named in the shared groups', () => {
    const noSegment = parseSegmentation(header('BINARY', 1, [segment(1)], [{}]), decodedSegmentationFrames([[1, 0, 0, 0, 0, 0]]));
    expect(noSegment.masks).toEqual([]);
    expect(noSegment.warnings[0]).toMatch(/frame 1 names no segment/);
    const shared = parseSegmentation(header('BINARY', 1, [segment(1)], [{}], { '52009229': sq(frameOf(1)) }), decodedSegmentationFrames([[1, 0, 0, 0, 0, 1]]));
    expect(shared.masks.map((m) => [m.segmentNumber, [...m.data]])).toEqual([[1, [1, 0, 0, 0, 0, 1]]]);
  });

  it('colours: CIELab when given, else the label map palette entry, else a default; Background is flagged', () => {
    const palette = {
      '00280004': cs('PALETTE COLOR'),
      '00281101': us(4, 0, 16),
      '00281102': us(4, 0, 16),
      '00281103': us(4, 0, 16),
      '00281201': { vr: 'OW', Value: [0, 0xff00, 0, 0] },
      '00281202': { vr: 'OW', Value: [0, 0x8000, 0, 0] },
      '00281203': { vr: 'OW', Value: [0, 0x1000, 0, 0xffff] },
    };
    const ds = header(
      'LABELMAP',
      1,
      [segment(0, { '0062000F': sq(code('125040', 'DCM', 'Background')) }), segment(1), segment(2, { '0062000D': us(0xffff, 0x8080, 0x8080) })],
      [],
      palette,
    );
    const seg = parseSegmentation(ds, decodedSegmentationFrames([[0, 1, 2, 0, 1, 2]]));
    expect(seg.segments.map((s) => [s.number, s.color, s.colorSource, s.isBackground])).toEqual([
      [0, [0, 0, 0], 'palette', true],
      [1, [255, 128, 16], 'palette', false],
      [2, [255, 255, 255], 'cielab', false],
    ]);
  });

  it('reads 16-bit label maps, big endian included, and refuses Pixel Data too short for its frames', () => {
    const be = new Uint8Array([0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x02]);
    const frames = nativeSegmentationFrames(be, { rows: 2, columns: 3, bitsAllocated: 16, numberOfFrames: 1, bigEndian: true });
    expect([...(frames.frame(1) as Uint16Array)]).toEqual([0x0102, 0, 0, 0, 0, 0x0102]);
    expect(() => nativeSegmentationFrames(new Uint8Array(1), { rows: 2, columns: 3, bitsAllocated: 1, numberOfFrames: 2 })).toThrow(/need 2/);
  });

  it('statistics without Pixel Spacing give no volume rather than a wrong one', () => {
    const seg = parseSegmentation(header('BINARY', 1, [segment(1)], [frameOf(1)]), decodedSegmentationFrames([[1, 1, 0, 0, 0, 1]]));
    const stats = segmentStatistics(seg.masks, () => [10, 20, 0, 0, 0, 30]);
    expect(stats).toEqual({ segmentNumber: 1, voxelCount: 3, sampledVoxels: 3, mean: 20, min: 10, max: 30, masksWithoutSource: 0 });
  });
});
