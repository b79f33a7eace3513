import { describe, expect, it } from 'vitest';
import type { SegmentMask } from '../../../electron/common/results/seg/segmentationModel';
import { sourceKey, type ResultOverlay } from './resultOverlay';
import { overlaysForVolume } from './volumeOverlays';

const seg = (uid: string, sources: string[]): ResultOverlay => ({
  kind: 'seg',
  sopInstanceUid: uid,
  segmentation: { sopInstanceUid: uid, sopClassUid: '', segmentationType: 'BINARY', rows: 1, columns: 1, numberOfFrames: 0, segments: [], masks: [], warnings: [] },
  segments: new Map(),
  masksBySource: new Map(sources.map((s) => [sourceKey(s, 1), [] as SegmentMask[]])),
});

describe('overlays drawn over a volume', () => {
  it('keeps SEGs on its slices or naming none, every RTSTRUCT, and nothing else', () => {
    const slices = [{ sopInstanceUid: 'ct.1', frame: 1 }, { sopInstanceUid: 'ct.2', frame: 1 }];
    const onCt = seg('seg.ct', ['ct.2']);
    const onPet = seg('seg.pet', ['pet.1']);
    const placedOnly = seg('seg.free', []);
    const rt: ResultOverlay = { kind: 'rtstruct', sopInstanceUid: 'rt', structureSet: { sopInstanceUid: 'rt', frameOfReferenceUids: [], referencedImages: [], structures: [], warnings: [] } };
    const pr: ResultOverlay = { kind: 'pr', sopInstanceUid: 'pr', state: {} as never };
    expect(overlaysForVolume([onCt, onPet, placedOnly, rt, pr], slices).map((o) => o.sopInstanceUid)).toEqual(['seg.ct', 'seg.free', 'rt']);
  });
});
