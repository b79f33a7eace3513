/** One read of a study's data through the host (a frame, a file, metadata, a thumbnail, a volume). */
export interface AccessNote {
  studyUid: string;
  /** The instance read; absent for series-level reads (series metadata, a volume, a series thumbnail). */
  sopUid?: string;
  seriesUid?: string;
  /** What was read, for the row's detail: "frames", "metadata", "instance", … */
  what: string;
}

/** Everything one study had read out during one window: what becomes one audit row. */
export interface AccessWindow {
  studyUid: string;
  /** Epoch ms of the first and the last read. */
  firstAt: number;
  lastAt: number;
  requests: number;
  sopUids: Set<string>;
  /** Series read as a whole. */
  seriesUids: Set<string>;
  /** Requests per kind of read. */
  kinds: Map<string, number>;
}

export interface CoalescingRules {
  /** A study's window closes after this long without a read (default 60 s). */
  idleMs: number;
  /** …and at the latest this long after it opened, so a study read all day is audited as it goes (default 10 min). */
  maxMs: number;
}

/**
 * Turns per-request reads into one audit row per study per window: opening a CT reads thousands
 * of frames, each its own request, and the audit trail must say that the study was read (by whom,
 * when, how many instances), not grow by a row per frame. Pure: the caller gives the time.
 */
export class AccessCoalescer {
  private readonly open = new Map<string, AccessWindow>();

  constructor(private readonly rules: CoalescingRules = { idleMs: 60_000, maxMs: 600_000 }) {}

  get pending(): number {
    return this.open.size;
  }

  /** Records one read; returns the window it closed first when that one had run for its longest. */
  note(note: AccessNote, now: number): AccessWindow | undefined {
    let window = this.open.get(note.studyUid);
    let closed: AccessWindow | undefined;
    if (window && now - window.firstAt >= this.rules.maxMs) {
      closed = window;
      window = undefined;
    }
    if (!window) {
      window = { studyUid: note.studyUid, firstAt: now, lastAt: now, requests: 0, sopUids: new Set(), seriesUids: new Set(), kinds: new Map() };
      this.open.set(note.studyUid, window);
    }
    window.lastAt = now;
    window.requests++;
    if (note.sopUid) window.sopUids.add(note.sopUid);
    else if (note.seriesUid) window.seriesUids.add(note.seriesUid);
    window.kinds.set(note.what, (window.kinds.get(note.what) ?? 0) + 1);
    return closed;
  }

  /** Closes and returns the windows idle for `idleMs` or open for `maxMs` at `now`. */
  due(now: number): AccessWindow[] {
    const closed: AccessWindow[] = [];
    for (const [study, window] of this.open) {
      if (now - window.lastAt >= this.rules.idleMs || now - window.firstAt >= this.rules.maxMs) {
        closed.push(window);
        this.open.delete(study);
      }
    }
    return closed;
  }

  /** Closes and returns every window (shutdown). */
  drain(): AccessWindow[] {
    const all = [...this.open.values()];
    this.open.clear();
    return all;
  }
}
