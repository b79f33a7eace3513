import type { DecodedSamples } from '../../../native-codecs/common/decodeTypes';
import { modalityTransform, modalityUnits } from '../../common/dicom/display/modalityTransform';
import { storedValues } from '../../common/dicom/display/displayFrame';
import { numberValue, stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import { computeSuv } from '../../common/pet/computeSuv';
import { imagePlanesOf } from '../../common/results/imagePlanes';
import { masksOfSegment, parseSegmentation } from '../../common/results/seg/parseSegmentation';
import type { SegmentMask } from '../../common/results/seg/segmentationModel';
import { decodedSegmentationFrames } from '../../common/results/seg/segmentationPixels';
import { segmentStatistics } from '../../common/results/seg/segmentStatistics';
import type { SegmentationStatisticsReport, SegmentReport } from '../../common/results/seg/segmentationStatisticsReport';

export type { SegmentationStatisticsReport, SegmentReport };
import type { StudyCache } from '../cache/studyCache';
import type { ImagingService } from '../imaging/imagingService';

/** Little-endian sample bytes (WADO-RS frames, volume slices) typed as the header says. */
function typedSamples(bytes: Uint8Array, bitsAllocated: number, signed: boolean): DecodedSamples {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  if (bitsAllocated === 16) return signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  if (bitsAllocated === 32) return signed ? new Int32Array(buffer) : new Uint32Array(buffer);
  return signed ? new Int8Array(buffer) : new Uint8Array(buffer);
}

/**
 * Statistics of every segment of a cached SEG over the cached images it was drawn on: voxels,
 * volume, and mean/min/max of the modality values under the mask (HU on CT, Bq/ml on PET, with
 * SUVbw beside them when the PET's SUV can be computed). Frames are decoded by the imaging pool
 * (encrypted caches and compressed syntaxes alike). Undefined when the SEG is not cached.
 */
export async function segmentationStatisticsOfStudy(cache: StudyCache, imaging: ImagingService, studyUid: string, segSopUid: string): Promise<SegmentationStatisticsReport | undefined> {
  const found = cache.index.findInstance(segSopUid);
  if (!found || found.studyUid !== studyUid) return undefined;
  const seg = imaging.instance(studyUid, found.seriesUid, segSopUid);
  if (!seg) return undefined;
  const ds = seg.metadata();
  const frameCount = Math.max(1, numberValue(ds, Tag.NumberOfFrames) ?? 1);
  const bits = numberValue(ds, '00280100') ?? 8;
  const frames: ArrayLike<number>[] = [];
  for (let k = 1; k <= frameCount; k++) {
    const bytes = (await imaging.samples(seg, k)).bytes;
    frames.push(bits === 16 ? typedSamples(bytes, 16, false) : bytes);
  }
  const studyHeaders = cache.index.studyMetadata(studyUid) ?? [];
  const segmentation = parseSegmentation(ds, decodedSegmentationFrames(frames), { sourceImages: studyHeaders.filter((h) => stringValue(h, Tag.SOPInstanceUID) !== segSopUid).flatMap(imagePlanesOf) });

  // Source frames as modality values, read once each; their series' SUV factors when PET.
  const headers = new Map(studyHeaders.map((h) => [stringValue(h, Tag.SOPInstanceUID) ?? '', h]));
  const values = new Map<string, Float64Array | undefined>();
  const suvFactors = new Map<string, Map<string, number>>();
  const unitsSeen = new Set<string>();
  const sourceKey = (m: SegmentMask) => `${m.referencedSopInstanceUid}#${m.referencedFrame ?? 1}`;
  for (const mask of segmentation.masks) {
    const sop = mask.referencedSopInstanceUid;
    const key = sourceKey(mask);
    if (!sop || values.has(key)) continue;
    const header = headers.get(sop);
    const where = cache.index.findInstance(sop);
    const instance = header && where ? imaging.instance(studyUid, where.seriesUid, sop) : undefined;
    if (!instance || !header) {
      values.set(key, undefined);
      continue;
    }
    const desc = describePixels(header);
    const stored = storedValues(desc, typedSamples((await imaging.samples(instance, mask.referencedFrame ?? 1)).bytes, desc.bitsAllocated, desc.pixelRepresentation === 1));
    const toModality = modalityTransform(desc);
    const out = new Float64Array(stored.length);
    for (let i = 0; i < stored.length; i++) out[i] = toModality(stored[i]!);
    values.set(key, out);
    const modality = stringValue(header, Tag.Modality);
    // PET values are in the series' Units (BQML, CNTS …: PS3.3 C.8.9.1), not a Rescale Type.
    unitsSeen.add((modality === 'PT' ? stringValue(header, '00541001') : undefined) ?? modalityUnits(desc, modality));
    if (modality === 'PT' && !suvFactors.has(where!.seriesUid)) {
      const suv = computeSuv(cache.index.instancesOfSeries(studyUid, where!.seriesUid) ?? []);
      suvFactors.set(where!.seriesUid, new Map(suv.frames.flatMap((f) => (f.factors.bw !== undefined ? [[`${f.sopInstanceUid}#${f.frame}`, f.factors.bw] as const] : []))));
    }
  }
  const factorOf = (key: string): number | undefined => {
    for (const factors of suvFactors.values()) {
      const f = factors.get(key);
      if (f !== undefined) return f;
    }
    return undefined;
  };
  const warnings = [...segmentation.warnings];
  if (unitsSeen.size > 1) warnings.push(`the segments lie on images of different units (${[...unitsSeen].join(', ')}): mean/min/max mix them`);
  const units = [...unitsSeen][0] ?? '';
  const segments = segmentation.segments
    .filter((s) => !s.isBackground)
    .map((s): SegmentReport => {
      const masks = masksOfSegment(segmentation, s.number);
      const stats = segmentStatistics(masks, (m) => values.get(sourceKey(m)));
      const suvAll = masks.every((m) => !m.data.some(Boolean) || factorOf(sourceKey(m)) !== undefined) && suvFactors.size > 0;
      const suv = suvAll
        ? segmentStatistics(masks, (m) => {
            const v = values.get(sourceKey(m));
            const f = factorOf(sourceKey(m));
            return v && f !== undefined ? v.map((x) => x * f) : undefined;
          })
        : undefined;
      return {
        ...stats,
        label: s.label,
        color: s.color,
        units,
        ...(suv && suv.mean !== undefined ? { suvbw: { mean: suv.mean, ...(suv.min !== undefined ? { min: suv.min } : {}), ...(suv.max !== undefined ? { max: suv.max } : {}) } } : {}),
      };
    });
  return { sopInstanceUid: segSopUid, segments, warnings };
}
