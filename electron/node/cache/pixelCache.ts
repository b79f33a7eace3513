import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { VolumeBlockInfo } from '../../common/contract/hostContract';
import { frameGeometries } from '../../common/dicom/geometry/frameGeometry';
import { splitDisplaySets } from '../../common/dicom/geometry/splitDisplaySets';
import { widenRange } from '../../common/dicom/display/sampleRange';
import { describeVolume } from '../../common/dicom/geometry/volumeDescription';
import { scale, sub } from '../../common/dicom/geometry/vec3';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import { decodeFileFrame, samplesAsLittleEndianBytes } from '../../../native-codecs/node/decodeFileFrame';
import { writeFileDurably } from './durableFile';
import type { StudyCache } from './studyCache';

const VOLUME_SAMPLE_TYPES = new Set(['uint8', 'int8', 'uint16', 'int16']);

function blockPaths(cache: StudyCache, seriesUid: string): { raw: string; info: string } {
  const h = createHash('sha256').update(seriesUid).digest('hex');
  const dir = path.join(cache.paths.root, 'pixels', h.slice(0, 2));
  return { raw: path.join(dir, `${h}.raw`), info: path.join(dir, `${h}.json`) };
}

/**
 * The decode-once pixel cache. A series that forms a volume is decoded once into one contiguous
 * little-endian block of its stored sample type (never float), slices in order along the normal,
 * with its geometry beside it; opening it later is one sequential read, no decoding. Blocks are
 * evictable (`evictSeriesVolume`) and rebuilt on demand; `verifySeriesVolume` checks the checksum.
 */
export async function buildSeriesVolume(cache: StudyCache, studyUid: string, seriesUid: string): Promise<VolumeBlockInfo | undefined> {
  const metadata = cache.index.instancesOfSeries(studyUid, seriesUid);
  if (!metadata) return undefined;
  const frames = metadata.flatMap((ds) => frameGeometries(ds));
  if (frames.length === 0) return undefined; // not volumetric (no plane geometry: CR, US, SC…)
  const sets = splitDisplaySets(frames);
  const main = sets.reduce((a, b) => (b.frames.length > a.frames.length ? b : a));
  const volume = describeVolume(main.frames);
  const first = metadata.find((ds) => ds['00080018']?.Value?.[0] === volume.frames[0]!.sopInstanceUid)!;
  const pixels = describePixels(first);
  if (pixels.samplesPerPixel !== 1 || !VOLUME_SAMPLE_TYPES.has(pixels.sampleType)) return undefined;
  const warnings = [...volume.warnings];
  if (sets.length > 1) warnings.push(`${sets.length - 1} other display set(s) of this series left out of the volume`);
  const rescale = pixels.modalityLut.kind === 'rescale' ? { slope: pixels.modalityLut.slope, intercept: pixels.modalityLut.intercept } : { slope: 1, intercept: 0 };
  if (pixels.modalityLut.kind !== 'rescale') warnings.push('Modality LUT Sequence: values are stored values');
  const { raw, info } = blockPaths(cache, seriesUid);
  mkdirSync(path.dirname(raw), { recursive: true });
  const tmp = path.join(cache.paths.incoming, `${path.basename(raw)}.part`);
  const hash = createHash('sha256');
  let byteLength = 0;
  let range: [number, number] = [Infinity, -Infinity];
  const fd = openSync(tmp, 'w');
  try {
    for (const f of volume.frames) {
      const object = cache.index.instanceObject(studyUid, seriesUid, f.sopInstanceUid)!;
      const decoded = await decodeFileFrame(path.join(cache.paths.objects, object.objectPath), f.frame);
      range = widenRange(decoded.pixels, 0, decoded.pixels.length, range);
      const bytes = samplesAsLittleEndianBytes(decoded.pixels);
      hash.update(bytes);
      for (let o = 0; o < bytes.length; ) o += writeSync(fd, bytes, o, bytes.length - o);
      byteLength += bytes.length;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, raw);
  const block: VolumeBlockInfo = {
    studyInstanceUid: studyUid,
    seriesInstanceUid: seriesUid,
    dimensions: volume.dimensions,
    spacing: volume.spacing,
    direction: volume.direction,
    origin: volume.origin,
    sliceStep: volume.frames.length > 1 ? scale(sub(volume.frames.at(-1)!.position, volume.origin), 1 / (volume.frames.length - 1)) : scale(volume.direction[2], volume.spacing[2]),
    tiltDegrees: volume.tiltDegrees,
    sampleType: pixels.sampleType as VolumeBlockInfo['sampleType'],
    sampleRange: range[0] <= range[1] ? range : [0, 0],
    rescale,
    uniform: volume.uniform,
    warnings,
    slices: volume.frames.map((f) => ({ sopInstanceUid: f.sopInstanceUid, frame: f.frame })),
    byteLength,
    sha256: hash.digest('hex'),
  };
  // The description is written last: a block without one is incomplete and gets rebuilt.
  writeFileDurably(info, new TextEncoder().encode(JSON.stringify(block)), cache.paths.incoming);
  cache.index.recordPixelBlock(seriesUid, byteLength);
  return block;
}

/** The block's description, building the block first if it is missing or incomplete. */
export async function seriesVolumeInfo(cache: StudyCache, studyUid: string, seriesUid: string): Promise<VolumeBlockInfo | undefined> {
  const { raw, info } = blockPaths(cache, seriesUid);
  if (existsSync(info) && existsSync(raw)) {
    const block = JSON.parse(readFileSync(info, 'utf8')) as VolumeBlockInfo;
    if (statSync(raw).size === block.byteLength && block.studyInstanceUid === studyUid) {
      if (!cache.readOnly) cache.index.recordPixelBlock(seriesUid, block.byteLength);
      return block;
    }
  }
  return buildSeriesVolume(cache, studyUid, seriesUid);
}

/** The raw block: one sequential read of a file already decoded. */
export async function readSeriesVolume(cache: StudyCache, studyUid: string, seriesUid: string): Promise<Uint8Array | undefined> {
  const block = await seriesVolumeInfo(cache, studyUid, seriesUid);
  if (!block) return undefined;
  const target = new Uint8Array(block.byteLength);
  readBlockInto(blockPaths(cache, seriesUid).raw, target);
  return target;
}

/**
 * Reads the block straight into the caller's buffer (the viewer's volume memory, allocated once
 * and reused): sequential 16 MiB reads, no intermediate copy. Returns the block's description.
 */
export async function readSeriesVolumeInto(cache: StudyCache, studyUid: string, seriesUid: string, target: Uint8Array): Promise<VolumeBlockInfo | undefined> {
  const block = await seriesVolumeInfo(cache, studyUid, seriesUid);
  if (!block) return undefined;
  if (target.length < block.byteLength) throw new Error(`target holds ${target.length} bytes, the block has ${block.byteLength}`);
  readBlockInto(blockPaths(cache, seriesUid).raw, target);
  return block;
}

function readBlockInto(file: string, target: Uint8Array): void {
  const fd = openSync(file, 'r');
  try {
    for (let o = 0; o < target.length; ) {
      const n = readSync(fd, target, o, Math.min(target.length - o, 1 << 24), o);
      if (n === 0) throw new Error(`${file}: pixel block ends early`);
      o += n;
    }
  } finally {
    closeSync(fd);
  }
}

export function evictSeriesVolume(cache: StudyCache, seriesUid: string): void {
  const { raw, info } = blockPaths(cache, seriesUid);
  rmSync(info, { force: true });
  rmSync(raw, { force: true });
  cache.index.forgetPixelBlock(seriesUid);
}

/** Every pixel block present: series UID and whether its bytes match the recorded checksum. */
export function verifyAllSeriesVolumes(cache: StudyCache): Array<{ seriesUid: string; ok: boolean }> {
  const root = path.join(cache.paths.root, 'pixels');
  if (!existsSync(root)) return [];
  const out: Array<{ seriesUid: string; ok: boolean }> = [];
  for (const name of readdirSync(root, { recursive: true }) as string[]) {
    if (!name.endsWith('.json')) continue;
    const block = JSON.parse(readFileSync(path.join(root, name), 'utf8')) as VolumeBlockInfo;
    out.push({ seriesUid: block.seriesInstanceUid, ok: verifySeriesVolume(cache, block.seriesInstanceUid) === true });
  }
  return out;
}

/** True when the block exists and its bytes still hash to the recorded checksum. */
export function verifySeriesVolume(cache: StudyCache, seriesUid: string): boolean | undefined {
  const { raw, info } = blockPaths(cache, seriesUid);
  if (!existsSync(info) || !existsSync(raw)) return undefined;
  const block = JSON.parse(readFileSync(info, 'utf8')) as VolumeBlockInfo;
  return createHash('sha256').update(readFileSync(raw)).digest('hex') === block.sha256;
}
