import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { VolumeBlockInfo } from '../../common/contract/hostContract';
import { frameGeometries, type FrameGeometry } from '../../common/dicom/geometry/frameGeometry';
import { splitDisplaySets } from '../../common/dicom/geometry/splitDisplaySets';
import { describeVolume } from '../../common/dicom/geometry/volumeDescription';
import { scale, sub } from '../../common/dicom/geometry/vec3';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ImagingService } from '../imaging/imagingService';
import type { ImagingResult } from '../imaging/imagingTask';
import { SealingStream } from './sealedChunks';
import { SEALED_HEADER_BYTES } from '../../common/cacheCrypto/sealedFileFormat';
import { openStoredFileSync, readStoredFileSync } from './storedFile';
import { writeStoredFileDurably } from './writeStoredFile';
import type { StudyCache } from './studyCache';

const VOLUME_SAMPLE_TYPES = new Set(['uint8', 'int8', 'uint16', 'int16']);

function blockPaths(cache: StudyCache, seriesUid: string): { raw: string; info: string } {
  const h = createHash('sha256').update(seriesUid).digest('hex');
  const dir = path.join(cache.paths.root, 'pixels', h.slice(0, 2));
  return { raw: path.join(dir, `${h}.raw`), info: path.join(dir, `${h}.json`) };
}

/** Where a series' block and its description are kept. */
export function seriesBlockPaths(cache: StudyCache, seriesUid: string): { raw: string; info: string } {
  return blockPaths(cache, seriesUid);
}

/**
 * The decode-once pixel cache. A series that forms a volume is decoded once into one contiguous
 * little-endian block of its stored sample type (never float), slices in order along the normal,
 * with its geometry beside it; opening it later is one sequential read, no decoding. Blocks are
 * evictable (`evictSeriesVolume`) and rebuilt on demand; `verifySeriesVolume` checks the checksum.
 *
 * Slices are decoded by the imaging pool, several at a time, and written and hashed in order as
 * they come back: the host's event loop only reads, writes and hashes one slice at a time.
 */
export async function buildSeriesVolume(cache: StudyCache, imaging: ImagingService, studyUid: string, seriesUid: string): Promise<VolumeBlockInfo | undefined> {
  const plan = await planVolume(cache, studyUid, seriesUid);
  if (!plan) return undefined;
  const { volume, pixels, warnings } = plan;
  const rescale = pixels.modalityLut.kind === 'rescale' ? { slope: pixels.modalityLut.slope, intercept: pixels.modalityLut.intercept } : { slope: 1, intercept: 0 };
  const { raw, info } = blockPaths(cache, seriesUid);
  await mkdir(path.dirname(raw), { recursive: true, mode: 0o700 }); // decoded pixels are patient data: owner-only, as the objects
  const tmp = path.join(cache.paths.incoming, `${path.basename(raw)}.${process.pid}.part`);
  const hash = createHash('sha256');
  let byteLength = 0;
  let range: [number, number] = [Infinity, -Infinity];
  // Each slice is looked up when its decode starts: 600 header lookups at once would be a long task.
  const slices = volume.frames.map((f) => async () => {
    const instance = imaging.instance(studyUid, seriesUid, f.sopInstanceUid);
    if (!instance) throw new Error(`series ${seriesUid}: instance ${f.sopInstanceUid} left the cache while its volume was built`);
    return imaging.samples(instance, f.frame);
  });
  // A window of decodes in flight: the pool stays busy while slices are written in order.
  const inFlight: Array<Promise<ImagingResult>> = [];
  let next = 0;
  const launch = (): void => {
    if (next < slices.length) inFlight.push(slices[next++]!());
  };
  for (let i = 0; i < Math.max(2, imaging.parallelism * 2); i++) launch();
  const file = await open(tmp, 'w', 0o600); // decoded pixels are patient data too
  // Encrypted cache: the block is sealed as it is written (its header last, once its length is known).
  const sealing = cache.key ? new SealingStream(cache.key) : undefined;
  let rawAt = sealing ? SEALED_HEADER_BYTES : 0;
  try {
    while (inFlight.length) {
      const slice = await inFlight.shift()!;
      launch();
      if (slice.range) range = [Math.min(range[0], slice.range[0]), Math.max(range[1], slice.range[1])];
      hash.update(slice.bytes);
      for (const part of sealing ? sealing.push(slice.bytes) : [slice.bytes]) {
        await writeAll(file, part, rawAt);
        rawAt += part.length;
      }
      byteLength += slice.bytes.length;
    }
    if (sealing) {
      const { last, header } = sealing.finish();
      await writeAll(file, last, rawAt);
      await writeAll(file, header, 0);
    }
    await file.sync();
  } catch (error) {
    await Promise.allSettled(inFlight);
    await file.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await file.close();
  await rename(tmp, raw);
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
  writeStoredFileDurably(info, new TextEncoder().encode(JSON.stringify(block)), cache.paths.incoming, cache.key);
  cache.index.recordPixelBlock(seriesUid, byteLength);
  return block;
}

/**
 * Which frames make the series' volume, in order, and how (undefined: not a volume of gray
 * integers). The headers are parsed a few dozen at a time with the event loop free in between:
 * all 600 of a large CT at once held it for ~50 ms.
 */
async function planVolume(cache: StudyCache, studyUid: string, seriesUid: string) {
  const rows = cache.index.metadataRows(studyUid, seriesUid);
  if (!rows) return undefined;
  const metadata: DicomJsonDataset[] = [];
  const frames: FrameGeometry[] = [];
  for (let i = 0; i < rows.length; i += 48) {
    for (const row of rows.slice(i, i + 48)) {
      const ds = JSON.parse(row.metadata) as DicomJsonDataset;
      metadata.push(ds);
      frames.push(...frameGeometries(ds));
    }
    await yieldToEventLoop();
  }
  if (frames.length === 0) return undefined; // not volumetric (no plane geometry: CR, US, SC…)
  const sets = splitDisplaySets(frames);
  const main = sets.reduce((a, b) => (b.frames.length > a.frames.length ? b : a));
  const volume = describeVolume(main.frames);
  const first = metadata.find((ds) => ds['00080018']?.Value?.[0] === volume.frames[0]!.sopInstanceUid)!;
  const pixels = describePixels(first);
  if (pixels.samplesPerPixel !== 1 || !VOLUME_SAMPLE_TYPES.has(pixels.sampleType)) return undefined;
  const warnings = [...volume.warnings];
  if (sets.length > 1) warnings.push(`${sets.length - 1} other display set(s) of this series left out of the volume`);
  if (pixels.modalityLut.kind !== 'rescale') warnings.push('Modality LUT Sequence: values are stored values');
  return { volume, pixels, warnings };
}

async function writeAll(file: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let o = 0; o < bytes.length; ) o += (await file.write(bytes, o, bytes.length - o, position + o)).bytesWritten;
}

/** The block's description if the block is there and whole (else undefined: it is to be built). */
export function readSeriesVolumeInfo(cache: StudyCache, studyUid: string, seriesUid: string): VolumeBlockInfo | undefined {
  const { raw, info } = blockPaths(cache, seriesUid);
  if (!existsSync(info) || !existsSync(raw)) return undefined;
  let block: VolumeBlockInfo;
  try {
    block = readBlockInfo(cache, info);
    if (storedSize(cache, raw) !== block.byteLength || block.studyInstanceUid !== studyUid) return undefined;
  } catch {
    // A sealed block cut short or changed: rebuilt, as an incomplete one is.
    return undefined;
  }
  if (!cache.readOnly) cache.index.recordPixelBlock(seriesUid, block.byteLength);
  return block;
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
    let block: VolumeBlockInfo;
    try {
      block = readBlockInfo(cache, path.join(root, name));
    } catch {
      out.push({ seriesUid: `(the block described by ${name}: its description cannot be read)`, ok: false });
      continue;
    }
    out.push({ seriesUid: block.seriesInstanceUid, ok: verifySeriesVolume(cache, block.seriesInstanceUid) === true });
  }
  return out;
}

/** True when the block exists and its bytes still hash to the recorded checksum. */
export function verifySeriesVolume(cache: StudyCache, seriesUid: string): boolean | undefined {
  const { raw, info } = blockPaths(cache, seriesUid);
  if (!existsSync(info) || !existsSync(raw)) return undefined;
  try {
    const block = readBlockInfo(cache, info);
    const stored = openStoredFileSync(raw, cache.key);
    try {
      const hash = createHash('sha256');
      for (let at = 0; at < stored.size; at += 1 << 22) hash.update(stored.readAt(at, 1 << 22));
      return hash.digest('hex') === block.sha256;
    } finally {
      stored.close();
    }
  } catch {
    return false; // a sealed block or description that fails its check
  }
}

/** A block's description (sealed in an encrypted cache: it names the series and its instances). */
function readBlockInfo(cache: StudyCache, info: string): VolumeBlockInfo {
  return JSON.parse(new TextDecoder().decode(readStoredFileSync(info, cache.key))) as VolumeBlockInfo;
}

/** The plaintext size of a stored file (the block's; a sealed one's header is checked against its size). */
function storedSize(cache: StudyCache, file: string): number {
  const stored = openStoredFileSync(file, cache.key);
  try {
    return stored.size;
  } finally {
    stored.close();
  }
}
