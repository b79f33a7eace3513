import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { BinaryBody, VolumeBlockInfo } from '../../common/contract/hostContract';
import type { ImagingService } from '../imaging/imagingService';
import { buildSeriesVolume, readSeriesVolumeInfo, seriesBlockPaths } from './pixelCache';
import { storedFilePieces } from './storedFile';
import type { StudyCache } from './studyCache';

/**
 * The host's series volumes: a block is built once (requests for a volume being built share that
 * build — two displays opening the same series decode it once) and served as a stream of its file,
 * never gathered into one buffer or copied on the host.
 */
export class SeriesVolumes {
  private readonly building = new Map<string, Promise<VolumeBlockInfo | undefined>>();

  constructor(
    private readonly cache: StudyCache,
    private readonly imaging: ImagingService,
  ) {}

  /** The block's description, building the block first if it is missing or incomplete. */
  info(studyUid: string, seriesUid: string): Promise<VolumeBlockInfo | undefined> {
    const ready = readSeriesVolumeInfo(this.cache, studyUid, seriesUid);
    if (ready) return Promise.resolve(ready);
    const key = `${studyUid}/${seriesUid}`;
    let build = this.building.get(key);
    if (!build) {
      build = buildSeriesVolume(this.cache, this.imaging, studyUid, seriesUid).finally(() => this.building.delete(key));
      this.building.set(key, build);
    }
    return build;
  }

  /** The raw block as a stream of its file: one sequential read, no decoding. */
  async body(studyUid: string, seriesUid: string): Promise<BinaryBody | undefined> {
    const block = await this.info(studyUid, seriesUid);
    if (!block) return undefined;
    const file = seriesBlockPaths(this.cache, seriesUid).raw;
    // Sealed (encrypted cache): deciphered a piece at a time as the page reads it.
    const stream = this.cache.key ? Readable.from(storedFilePieces(file, this.cache.key, `the pixel block of series ${seriesUid}`, 1 << 20)) : createReadStream(file, { highWaterMark: 1 << 18 });
    return { stream: Readable.toWeb(stream) as ReadableStream<Uint8Array>, byteLength: block.byteLength };
  }
}
