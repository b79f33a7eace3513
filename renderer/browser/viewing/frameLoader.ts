import type { HostClient } from '../../../electron/common/contract/hostClient';
import { isColorImage } from '../../../electron/common/dicom/display/displayFrame';
import type { PixelDescription } from '../../../electron/common/dicom/model/pixelDescription';
import { ByteBudgetCache } from '../../common/viewing/byteBudgetCache';
import { rangeOf } from '../../../electron/common/dicom/display/sampleRange';
import { samplesOfType } from '../../common/viewing/typedSamples';

/** A frame as the viewer holds it: stored gray samples typed by the pixel description, or 8-bit RGB. */
export interface LoadedFrame {
  columns: number;
  rows: number;
  kind: 'gray' | 'rgb';
  samples: Uint8Array | Int8Array | Uint16Array | Int16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
  /** Smallest and largest sample (gray frames). */
  range: [number, number];
}

export interface FrameKey {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  frame: number;
}

function typed(desc: PixelDescription, buffer: ArrayBuffer): LoadedFrame['samples'] {
  return isColorImage(desc) ? new Uint8Array(buffer) : samplesOfType(desc.sampleType, buffer);
}

const keyOf = (k: FrameKey): string => `${k.sopInstanceUid}/${k.frame}`;

/** Bytes of a display-ready frame: RGB triplets for colour, stored samples for grayscale. */
function expectedBytes(desc: PixelDescription): number {
  if (isColorImage(desc)) return desc.rows * desc.columns * 3;
  const size = desc.sampleType === 'float64' ? 8 : desc.sampleType.endsWith('32') ? 4 : desc.sampleType.endsWith('16') ? 2 : 1;
  return desc.rows * desc.columns * size;
}

/**
 * Fetches display-ready frames from the host (`getFrame`), keeps them in a byte-budgeted LRU, and
 * coalesces concurrent requests for the same frame. Priority requests jump the prefetch queue.
 */
export class FrameLoader {
  readonly cache: ByteBudgetCache<LoadedFrame>;
  private readonly inFlight = new Map<string, Promise<LoadedFrame>>();
  /** One queue per viewport (its own order outward from its image), served in turn. */
  private readonly queues = new Map<string, Array<{ key: FrameKey; desc: PixelDescription }>>();
  private turn = 0;
  private active = 0;
  /** Background prefetch waits for this (the page's first paints); frames asked for now do not. */
  private prefetchHeld: boolean;

  constructor(
    private readonly client: HostClient,
    options: { budgetBytes?: number; concurrency?: number; prefetchAfter?: Promise<void> } = {},
  ) {
    this.cache = new ByteBudgetCache<LoadedFrame>(options.budgetBytes ?? 1024 * 1024 * 1024);
    this.concurrency = options.concurrency ?? 4;
    this.prefetchHeld = options.prefetchAfter !== undefined;
    void options.prefetchAfter?.then(() => {
      this.prefetchHeld = false;
      this.pump();
    });
  }

  private readonly concurrency: number;

  /** The frame's bytes, read straight into one buffer of the size its description gives. */
  private fetchBytes(key: FrameKey, desc: PixelDescription): Promise<ArrayBuffer> {
    const params = { studyUid: key.studyUid, seriesUid: key.seriesUid, instanceUid: key.sopInstanceUid, frame: String(key.frame) };
    return this.client.readBinary('getFrame', { params }, expectedBytes(desc));
  }

  peek(key: FrameKey): LoadedFrame | undefined {
    return this.cache.get(keyOf(key));
  }

  /** The frame now (first in line). */
  load(key: FrameKey, desc: PixelDescription): Promise<LoadedFrame> {
    const k = keyOf(key);
    const hit = this.cache.get(k);
    if (hit) return Promise.resolve(hit);
    const pending = this.inFlight.get(k);
    if (pending) return pending;
    const p = this.fetch(key, desc).finally(() => this.inFlight.delete(k));
    this.inFlight.set(k, p);
    return p;
  }

  /** Replaces one viewport's background queue: its frames in the order they should arrive. */
  prefetch(owner: string, items: Array<{ key: FrameKey; desc: PixelDescription }>): void {
    this.queues.set(
      owner,
      items.filter((i) => !this.cache.has(keyOf(i.key)) && !this.inFlight.has(keyOf(i.key))),
    );
    this.pump();
  }

  /** Drops a viewport's queue (it closed or shows another series). */
  cancel(owner: string): void {
    this.queues.delete(owner);
  }

  private nextQueued(): { key: FrameKey; desc: PixelDescription } | undefined {
    const owners = [...this.queues.keys()];
    for (let i = 0; i < owners.length; i++) {
      const owner = owners[(this.turn + i) % owners.length]!;
      const q = this.queues.get(owner)!;
      const next = q.shift();
      if (!q.length) this.queues.delete(owner);
      if (next) {
        this.turn = (this.turn + i + 1) % Math.max(1, owners.length);
        return next;
      }
    }
    return undefined;
  }

  private pump(): void {
    while (!this.prefetchHeld && this.active < this.concurrency) {
      const next = this.nextQueued();
      if (!next) break;
      if (this.cache.has(keyOf(next.key)) || this.inFlight.has(keyOf(next.key))) continue;
      this.active++;
      this.load(next.key, next.desc)
        .catch(() => undefined)
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }

  private async fetch(key: FrameKey, desc: PixelDescription): Promise<LoadedFrame> {
    const buffer = await this.fetchBytes(key, desc);
    const samples = typed(desc, buffer);
    const kind = isColorImage(desc) ? 'rgb' : 'gray';
    const frame: LoadedFrame = { columns: desc.columns, rows: desc.rows, kind, samples, range: kind === 'gray' ? rangeOf(samples) : [0, 255] };
    this.cache.set(keyOf(key), frame, buffer.byteLength);
    return frame;
  }
}
