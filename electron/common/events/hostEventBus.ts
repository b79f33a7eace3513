import type { HostEvent } from '../contract/hostContract';

export interface Disposable {
  dispose(): void;
}

/** Fan-out of host events to every subscriber (SSE streams, Electron windows, tests). */
export class HostEventBus {
  private readonly listeners = new Set<(event: HostEvent) => void>();

  onDidEmit(listener: (event: HostEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(event: HostEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed stream) must not stop delivery to the others.
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
