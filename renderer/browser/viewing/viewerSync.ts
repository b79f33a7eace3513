/**
 * Synchronization between viewports, in this window and in the other windows of the reading room
 * (one per display): a BroadcastChannel between same-origin pages — Electron windows and
 * browser-mode virtual displays alike — so a scroll never round-trips through the host.
 */
export type SyncMessage =
  | { kind: 'position'; group: string; source: string; point: [number, number, number] }
  | { kind: 'windowLevel'; group: string; source: string; center: number; width: number }
  | { kind: 'stage'; studyUid: string; stage: number };

/** The bus carries SyncMessage by default; a feature with its own messages (fusion) opens it on its own channel name. */
export class SyncBus<M = SyncMessage> {
  private readonly channel: BroadcastChannel | undefined;
  private readonly listeners = new Set<(message: M) => void>();

  constructor(name = 'lightbox-sync') {
    this.channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(name);
    if (this.channel) this.channel.onmessage = (e: MessageEvent<M>) => this.deliver(e.data);
  }

  /** To the other windows and to this window's other listeners. */
  publish(message: M): void {
    this.channel?.postMessage(message);
    this.deliver(message);
  }

  subscribe(listener: (message: M) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(message: M): void {
    for (const l of [...this.listeners]) l(message);
  }

  close(): void {
    this.channel?.close();
    this.listeners.clear();
  }
}

/** The slice of a stack nearest to a patient point along the stack's normal. */
export function nearestSlice(positions: ([number, number, number] | undefined)[], normal: [number, number, number], point: [number, number, number]): number | undefined {
  let best: number | undefined;
  let bestDistance = Infinity;
  positions.forEach((p, i) => {
    if (!p) return;
    const d = Math.abs((point[0] - p[0]) * normal[0] + (point[1] - p[1]) * normal[1] + (point[2] - p[2]) * normal[2]);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}
