import os from 'node:os';
import path from 'node:path';
import { HostError } from '../../common/contract/hostError';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { describePixels, type PixelDescription } from '../../common/dicom/model/pixelDescription';
import { DecodeError } from '../../../native-codecs/common/decodeTypes';
import type { CacheKey } from '../cache/cacheKey';
import { openStoredFileSync } from '../cache/storedFile';
import { SealedFileError } from '../../common/cacheCrypto/sealedFileFormat';
import type { StudyCache } from '../cache/studyCache';
import { frameSourceOfStoredFile } from './decodeFileFrame';
import { readFrameRequest, type FrameSource } from './frameSource';
import { createImagingPool, type ImagingPool } from './imagingPool';
import type { ImagingRequest, ImagingResult } from './imagingTask';

/** A cached instance as the imaging side reads it. */
export interface ImagingInstance {
  file: string;
  sopInstanceUid: string;
  /** Its stored header, parsed on demand (display frames and thumbnails need it, samples do not). */
  metadata(): DicomJsonDataset;
  source: FrameSource;
  /** The encrypted cache's key (its files are sealed). */
  key?: CacheKey;
}

/** Palette LUT data (PS3.3 C.7.6.3.1.6): large tables are BulkDataURIs in the index, read from the file when needed. */
const PALETTE_DATA_TAGS = ['00281201', '00281202', '00281203'];

/**
 * Every frame the host serves is decoded here: the index says where the frame's bytes are (worked
 * out once per instance), the host reads just those bytes, and a worker of the imaging pool decodes
 * and converts them. The host's event loop never decodes, converts or parses a header per frame.
 */
export class ImagingService {
  private pool: ImagingPool | undefined;

  constructor(
    private readonly cache: StudyCache,
    private readonly options: { poolSize?: number } = {},
  ) {}

  /** The pool starts with the first frame asked for (a CLI command that never decodes starts no thread). */
  private get workers(): ImagingPool {
    this.pool ??= createImagingPool({ size: this.options.poolSize });
    return this.pool;
  }

  /** Decodes that run at once. */
  get parallelism(): number {
    return this.options.poolSize ?? os.availableParallelism();
  }

  /** Starts the decoding threads now, so that the first study opened does not wait for them. */
  warmUp(): void {
    void this.workers;
  }

  /** An instance of the cache with its frame source (worked out from its header once, then kept in the index). */
  instance(studyUid: string, seriesUid: string, sopUid: string): ImagingInstance | undefined {
    const row = this.cache.index.instanceObject(studyUid, seriesUid, sopUid);
    if (!row) return undefined;
    const file = path.join(this.cache.paths.objects, row.objectPath);
    let source = row.frameSource;
    if (!source) {
      source = frameSourceOfStoredFile(file, this.cache.key, `instance ${sopUid}`);
      if (!this.cache.readOnly) this.cache.index.setFrameSource(sopUid, source);
    }
    return { file, sopInstanceUid: sopUid, metadata: row.metadata, source, ...(this.cache.key ? { key: this.cache.key } : {}) };
  }

  /** What the viewer draws (`getFrame`): stored gray samples, or 8-bit RGB. */
  async displayFrame(instance: ImagingInstance, frame: number): Promise<Uint8Array> {
    return (await this.run(instance, frame, { output: 'display', pixels: this.pixelDescription(instance) })).bytes;
  }

  /** Decoded samples as stored (WADO-RS frames, volume slices), with their range. */
  samples(instance: ImagingInstance, frame: number): Promise<ImagingResult> {
    return this.run(instance, frame, { output: 'samples' });
  }

  /** A PNG of the instance's first frame, at most `size` pixels on its long side. */
  async thumbnail(instance: ImagingInstance, size = 128): Promise<Uint8Array> {
    return (await this.run(instance, 1, { output: 'thumbnail', dataset: instance.metadata(), size })).bytes;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  private async run(instance: ImagingInstance, frame: number, output: DistributiveOmit<ImagingRequest, keyof Awaited<ReturnType<typeof readFrameRequest>>>): Promise<ImagingResult> {
    try {
      const request = await readFrameRequest(instance.file, instance.source, frame, instance.key, `instance ${instance.sopInstanceUid}`);
      return await this.workers.decode({ ...request, ...output } as ImagingRequest);
    } catch (error) {
      // What cannot be decoded is the file's problem, said with its reason; not a host failure.
      // The answer names the frame and the problem, never the cache file's local path.
      if (error instanceof DecodeError) throw new HostError(422, 'undecodable', `frame ${error.frame} cannot be decoded (${error.transferSyntaxUid}): ${error.detail}`);
      // A sealed file that fails its check (changed on disk, cut short, another key) is named by its instance.
      if (error instanceof SealedFileError) throw new HostError(500, 'cache-integrity', error.message);
      throw error;
    }
  }

  /** The pixel description, with palette tables the index keeps as bulk data read from the file. */
  private pixelDescription(instance: ImagingInstance): PixelDescription {
    const ds = instance.metadata();
    if (!PALETTE_DATA_TAGS.some((t) => ds[t]?.BulkDataURI)) return describePixels(ds);
    const withTables: DicomJsonDataset = { ...ds };
    const stored = openStoredFileSync(instance.file, instance.key, `instance ${instance.sopInstanceUid}`);
    try {
      for (const tag of PALETTE_DATA_TAGS) {
        const range = bulkDataRange(ds[tag]?.BulkDataURI);
        if (!range) continue;
        const bytes = new Uint8Array(range.length);
        bytes.set(stored.readAt(range.offset, range.length));
        const view = new DataView(bytes.buffer);
        withTables[tag] = { vr: 'US', Value: Array.from({ length: range.length >> 1 }, (_, i) => view.getUint16(i * 2, true)) };
      }
    } finally {
      stored.close();
    }
    return describePixels(withTables);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Offset and length of a stored bulk data reference (`bulkdata/…?offset=N&length=M`). */
function bulkDataRange(uri: string | undefined): { offset: number; length: number } | undefined {
  const query = uri?.split('?')[1];
  if (!query) return undefined;
  const params = new URLSearchParams(query);
  const offset = Number(params.get('offset'));
  const length = Number(params.get('length'));
  return Number.isInteger(offset) && Number.isInteger(length) && length > 0 ? { offset, length } : undefined;
}
