import type { SecondOpinionRequest, SecondOpinionResponse } from '../../common/export/secondOpinion';
import type { HostEvent, PacsNodeInput, PacsNodeStatus, PacsStatus, RemoteStudy, RemoteStudyQuery, RetrieveJob } from '../../common/contract/hostContract';
import type { StudyCache } from '../cache/studyCache';
import { echo } from '../dimse/dimseScu';
import type { PacsApi } from '../host/pacsApi';
import type { DicomWebClient } from './dicomWebClient';
import { planPrefetch } from './prefetchPlan';
import { plainSecretBox, type SecretBox } from './secretBox';
import { findRemoteStudies } from './remoteStudies';
import { dicomWebClientFor } from './dicomWebNode';
import { Outbox } from './outbox';
import { pacsSettingsStamp, updatePacsSettings } from './pacsSettingsUpdate';
import { acceptedCallingAes, checkNode, describeNode, dimsePeer, loadPacsSettings, type PacsNode, type PacsSettings } from './pacsSettings';
import { retrieveStudy } from './retrieveStudy';
import { sendSecondOpinion } from './secondOpinion';
import { startReceiver, type Receiver } from './storeReceiver';
import type { WorklistItem, WorklistRequest } from '../../common/worklist/worklistTypes';
import { queryWorklist, studiesNodeOf } from '../worklist/worklistNode';
import { withCacheStates } from '../worklist/worklistCacheState';

export interface PacsServiceOptions {
  cache: StudyCache;
  dataDir: string;
  emit: (event: HostEvent) => void;
  /** Run our Storage SCP (default true). */
  receive?: boolean;
  /** Interface the SCP listens on (default: the settings' `scpHost`, the loopback unless changed). */
  scpHost?: string;
  /** Echo every node this often (default 30 s); a node that failed is checked every 5 s. */
  heartbeatMs?: number;
  /** Try the outbox this often (default 10 s). */
  outboxMs?: number;
  /** Seals credentials (OS keychain in the desktop app; plain in the 0600 settings file elsewhere). */
  secrets?: SecretBox;
}

/**
 * DICOM networking inside the host: our Storage SCP feeding the cache, a heartbeat per node
 * (the UI shows who is offline and since when), study search on nodes, a retrieve queue
 * (priority first, one at a time), and the outbox worker that sends when nodes answer.
 */
export class PacsService implements PacsApi {
  private cachedSettings: PacsSettings;
  private settingsStampSeen: string;
  private receiver?: Receiver;
  private scpError?: string;
  private readonly nodeStatus = new Map<string, PacsNodeStatus>();
  private readonly jobs: RetrieveJob[] = [];
  private running = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly outbox: Outbox;
  private arrived = new Set<string>();
  private arrivedTimer?: NodeJS.Timeout;
  private draining = false;
  private jobCounter = 0;
  private readonly secrets: SecretBox;
  private received = 0;

  constructor(private readonly options: PacsServiceOptions) {
    this.settingsStampSeen = pacsSettingsStamp(options.dataDir);
    this.cachedSettings = loadPacsSettings(options.dataDir);
    this.secrets = options.secrets ?? plainSecretBox;
    this.outbox = new Outbox(options.cache, this.secrets);
    for (const node of this.cachedSettings.nodes) this.nodeStatus.set(node.name, { name: node.name, kind: node.kind, description: describeNode(node), state: 'unknown' });
  }

  /**
   * The settings as the file holds them now: `lightbox nodes …` may change them while the app
   * runs (a node it adds shows in the PACS dialog, and its AE title may store to our SCP, at once).
   */
  private get settings(): PacsSettings {
    const stamp = pacsSettingsStamp(this.options.dataDir);
    if (stamp !== this.settingsStampSeen) {
      try {
        this.adoptSettings(loadPacsSettings(this.options.dataDir), stamp);
      } catch (error) {
        // A file damaged by hand: keep working with what was read last, and say so once.
        this.settingsStampSeen = stamp;
        console.warn(`lightbox: PACS settings not reloaded: ${(error as Error).message}`);
      }
    }
    return this.cachedSettings;
  }

  /** Takes settings read or written now; nodes that appeared or went are reflected in the status (and the UI told). */
  private adoptSettings(settings: PacsSettings, stamp: string): void {
    this.cachedSettings = settings;
    this.settingsStampSeen = stamp;
    let changed = false;
    for (const node of settings.nodes) {
      const known = this.nodeStatus.get(node.name);
      if (!known || known.description !== describeNode(node) || known.kind !== node.kind) {
        this.nodeStatus.set(node.name, { name: node.name, kind: node.kind, description: describeNode(node), state: 'unknown' });
        changed = true;
      }
    }
    for (const name of [...this.nodeStatus.keys()]) {
      if (!settings.nodes.some((n) => n.name === name)) {
        this.nodeStatus.delete(name);
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  /** One read-modify-write of the settings file (see updatePacsSettings), then adopted. */
  private updateSettings(change: (settings: PacsSettings) => PacsSettings): void {
    const saved = updatePacsSettings(this.options.dataDir, change);
    this.adoptSettings(saved, pacsSettingsStamp(this.options.dataDir));
  }

  async start(): Promise<void> {
    if (this.options.receive !== false) {
      try {
        this.receiver = await startReceiver(this.options.cache, {
          aeTitle: this.settings.aeTitle,
          port: this.settings.scpPort,
          host: this.options.scpHost ?? this.settings.scpHost,
          // Asked per association: a node added while the app runs may store to us at once.
          allowedCallingAes: () => acceptedCallingAes(this.settings),
          onStored: (outcome) => {
            this.received++;
            this.studyArrived(outcome.studyInstanceUid);
          },
        });
      } catch (error) {
        // The app keeps working without receiving (another Lightbox, or storescp, has the port).
        this.scpError = `Storage SCP not started on port ${this.settings.scpPort}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      }
    }
    const heartbeat = this.options.heartbeatMs ?? 30_000;
    this.timers.push(setInterval(() => void this.heartbeat(false), Math.min(heartbeat, 5_000)));
    this.timers.push(setInterval(() => void this.drainOutbox(), this.options.outboxMs ?? 10_000));
    for (const t of this.timers) t.unref();
    void this.heartbeat(true);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    if (this.arrivedTimer) clearTimeout(this.arrivedTimer);
    await this.receiver?.stop();
  }

  status(): PacsStatus {
    return {
      aeTitle: this.settings.aeTitle,
      scpPort: this.settings.scpPort,
      scpListening: this.receiver !== undefined,
      ...(this.scpError ? { scpError: this.scpError } : {}),
      nodes: this.settings.nodes.map((n) => ({ ...this.nodeStatus.get(n.name)!, ...(n.aiService ? { aiService: true } : {}), ...(n.worklist ? { worklist: true } : {}) })),
      outbox: this.outbox.counts(),
      received: this.received,
      retrieves: this.jobs.slice(-20),
    };
  }

  private changed(): void {
    this.options.emit({ type: 'onDidChangePacs', status: this.status() });
  }

  /** Studies whose instances arrive are announced in batches (the study list refreshes ~twice a second, not per image). */
  private studyArrived(studyUid: string): void {
    this.arrived.add(studyUid);
    this.arrivedTimer ??= setTimeout(() => {
      this.arrivedTimer = undefined;
      const uids = [...this.arrived];
      this.arrived = new Set();
      this.options.emit({ type: 'onDidChangeStudies', studyInstanceUids: uids });
    }, 500);
  }

  private node(name: string): PacsNode {
    const node = this.settings.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no PACS node named "${name}"`);
    return node;
  }

  /** Every request's outcome updates the node's state, not only the heartbeat. */
  private mark(name: string, outcome: { ok: true; ms?: number } | { ok: false; error: string }): PacsNodeStatus | undefined {
    const previous = this.nodeStatus.get(name);
    // Removed (in the dialog, or by `lightbox nodes remove`) while the request ran: its outcome
    // describes no configured node. (Reading `previous` here threw, inside a heartbeat's echo that
    // nothing awaited, and the unhandled rejection ended the host.)
    if (!previous) return undefined;
    const now = new Date().toISOString();
    const next: PacsNodeStatus = outcome.ok
      ? { name, kind: previous.kind, description: previous.description, state: 'online', checkedAt: now, ...(outcome.ms !== undefined ? { roundTripMs: Math.round(outcome.ms) } : previous.roundTripMs !== undefined ? { roundTripMs: previous.roundTripMs } : {}) }
      : { name, kind: previous.kind, description: previous.description, state: 'offline', checkedAt: now, offlineSince: previous.state === 'offline' ? previous.offlineSince : now, error: outcome.error };
    this.nodeStatus.set(name, next);
    if (previous.state !== next.state) {
      this.changed();
      // Back online: what waited in the outbox goes now.
      if (next.state === 'online') void this.drainOutbox();
    }
    return next;
  }

  private async tracked<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.mark(name, { ok: true });
      return result;
    } catch (error) {
      this.mark(name, { ok: false, error: (error as Error).message });
      throw error;
    }
  }

  saveNode(name: string, input: PacsNodeInput): PacsStatus {
    const previous = this.settings.nodes.find((n) => n.name === name);
    let node: PacsNode;
    const ai = { ...(input.aiService ? { aiService: true } : {}), ...(input.worklist ? { worklist: true } : {}) };
    if (input.kind === 'dimse') node = { name, kind: 'dimse', aeTitle: input.aeTitle, host: input.host, port: Number(input.port), ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}), ...ai };
    else {
      const kept = previous?.kind === 'dicomweb' ? previous.authorization : undefined;
      const authorization = input.authorization === undefined ? kept : input.authorization === '' ? undefined : this.secrets.seal(input.authorization);
      node = { name, kind: 'dicomweb', url: input.url.replace(/\/+$/, ''), ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}), ...(authorization ? { authorization } : {}), ...ai };
    }
    checkNode(node);
    this.nodeStatus.delete(name); // its status starts again: what it points at may have changed
    this.updateSettings((current) => ({ ...current, nodes: [...current.nodes.filter((n) => n.name !== name), node] }));
    this.echo(name).catch(() => undefined); // its outcome is in the status; one removed meanwhile has none
    return this.status();
  }

  removeNode(name: string): PacsStatus {
    this.node(name);
    this.updateSettings((current) => ({ ...current, nodes: current.nodes.filter((n) => n.name !== name) }));
    return this.status();
  }

  async echo(name: string): Promise<PacsNodeStatus> {
    const node = this.node(name);
    try {
      const ms = node.kind === 'dimse' ? await echo(dimsePeer(node), this.settings.aeTitle) : await this.dicomWeb(node).ping();
      return this.marked(name, { ok: true, ms });
    } catch (error) {
      if (error instanceof NodeRemovedError) throw error;
      return this.marked(name, { ok: false, error: (error as Error).message });
    }
  }

  private marked(name: string, outcome: { ok: true; ms?: number } | { ok: false; error: string }): PacsNodeStatus {
    const status = this.mark(name, outcome);
    if (!status) throw new NodeRemovedError(name);
    return status;
  }

  private lastBeat = new Map<string, number>();

  private async heartbeat(all: boolean): Promise<void> {
    const now = Date.now();
    const every = this.options.heartbeatMs ?? 30_000;
    for (const node of this.settings.nodes) {
      const state = this.nodeStatus.get(node.name)?.state;
      // Offline nodes are checked often (to notice the return), online ones at the heartbeat rate.
      const due = all || now - (this.lastBeat.get(node.name) ?? 0) >= (state === 'online' ? every : Math.min(every, 5_000));
      if (!due) continue;
      this.lastBeat.set(node.name, now);
      await this.echo(node.name).catch(() => undefined); // a node removed meanwhile: nothing to mark
    }
  }

  async queryStudies(name: string, query: RemoteStudyQuery): Promise<RemoteStudy[]> {
    const node = this.node(name);
    return this.tracked(name, () => findRemoteStudies(node, this.settings.aeTitle, query, this.options.cache, 500, this.secrets));
  }

  async queryWorklist(name: string, request: WorklistRequest): Promise<WorklistItem[]> {
    const node = this.node(name);
    const studiesNode = studiesNodeOf(this.settings, request.studiesNode);
    const entries = await this.tracked(name, () => queryWorklist(node, this.settings.aeTitle, request.query, this.options.cache, this.secrets));
    const states = () => withCacheStates(entries, this.options.cache, this.settings.aeTitle, studiesNode, this.secrets);
    return studiesNode ? this.tracked(studiesNode.name, states) : states();
  }

  /**
   * A study opened for reading: its relevant priors on every online node are queued for
   * retrieval behind anything the reader asked for (priority −1).
   */
  studyOpened(studyUid: string): void {
    if (!this.settings.prefetch.onOpen) return;
    for (const node of this.settings.nodes) {
      if (this.nodeStatus.get(node.name)?.state !== 'online') continue;
      void this.tracked(node.name, () => planPrefetch(node, this.settings.aeTitle, this.options.cache, { studyUids: [studyUid] }, this.settings.prefetch))
        .then((plan) => {
          for (const prior of plan.priors) this.retrieve(node.name, prior.study.studyInstanceUid, { priority: -1 });
        })
        .catch(() => undefined); // the node's state already says why
    }
  }

  retrieve(name: string, studyUid: string, options: { via?: RetrieveJob['via']; priority?: number } = {}): RetrieveJob {
    const node = this.node(name);
    const active = this.jobs.find((j) => j.studyInstanceUid === studyUid && j.node === name && (j.state === 'queued' || j.state === 'running'));
    if (active) {
      active.priority = Math.max(active.priority, options.priority ?? 0);
      return active;
    }
    const job: RetrieveJob = {
      id: `r${++this.jobCounter}`,
      node: name,
      studyInstanceUid: studyUid,
      via: options.via ?? (node.kind === 'dicomweb' ? 'wado' : 'move'),
      state: 'queued',
      total: 0,
      done: 0,
      failed: 0,
      priority: options.priority ?? 0,
    };
    this.jobs.push(job);
    this.changed();
    void this.runJobs();
    return job;
  }

  /** One retrieve at a time, highest priority first (the study being read before prefetches). */
  private async runJobs(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.jobs.filter((j) => j.state === 'queued').sort((a, b) => b.priority - a.priority)[0];
        if (!next) return;
        next.state = 'running';
        this.changed();
        const node = this.node(next.node);
        try {
          let last = 0;
          const result = await this.tracked(next.node, () =>
            retrieveStudy({
              cache: this.options.cache,
              node,
              studyUid: next.studyInstanceUid,
              via: next.via,
              ourAeTitle: this.settings.aeTitle,
              dicomWeb: node.kind === 'dicomweb' ? this.dicomWeb(node) : undefined,
              flushReceived: this.receiver ? () => this.receiver!.flush() : undefined,
              onProgress: (p) => {
                Object.assign(next, { total: p.total, done: p.alreadyCached + p.received, failed: p.failed });
                this.studyArrived(next.studyInstanceUid);
                if (Date.now() - last > 250) {
                  last = Date.now();
                  this.changed();
                }
              },
            }),
          );
          Object.assign(next, { state: result.missing.length ? 'failed' : 'done', done: result.total - result.missing.length, ...(result.missing.length ? { error: `${result.missing.length} instances did not arrive` } : {}) });
        } catch (error) {
          Object.assign(next, { state: 'failed', error: (error as Error).message });
        }
        this.studyArrived(next.studyInstanceUid);
        this.changed();
      }
    } finally {
      this.running = false;
    }
  }

  send(name: string, studyUid: string): { queued: number } {
    const node = this.node(name);
    const instances = this.options.cache.index.instancesOfStudy(studyUid);
    if (instances.length === 0) throw new Error(`study ${studyUid} is not in the local cache`);
    const queued = this.outbox.enqueue(name, instances.map((i) => i.sopUid));
    // To an algorithm host, a send asks for results: pending until a result for the study arrives.
    if (node.aiService) this.options.cache.index.recordAiRequest(name, studyUid);
    this.changed();
    void this.drainOutbox();
    return { queued };
  }

  sendInstances(name: string, studyUid: string, sopUids: string[]): { queued: number } {
    this.node(name);
    const held = new Set(this.options.cache.index.instancesOfStudy(studyUid).map((i) => i.sopUid));
    const missing = sopUids.filter((s) => !held.has(s));
    if (missing.length) throw new Error(`instance ${missing[0]} is not in study ${studyUid} of the local cache`);
    const queued = this.outbox.enqueue(name, sopUids);
    this.changed();
    void this.drainOutbox();
    return { queued };
  }

  async secondOpinion(studyUid: string, request: SecondOpinionRequest): Promise<SecondOpinionResponse> {
    const node = this.node(request.node);
    const sent = await sendSecondOpinion(this.options.cache, studyUid, request, { node, ourAeTitle: this.settings.aeTitle, enqueue: (sops) => this.outbox.enqueue(node.name, sops) });
    // As for any send, a study sent as it is to an algorithm host asks for its results.
    if (!sent.deidentified && node.aiService) this.options.cache.index.recordAiRequest(node.name, studyUid);
    // The pseudonymous copy is a study of its own in the list: what left, under which name.
    if (sent.deidentified) this.options.emit({ type: 'onDidChangeStudies', studyInstanceUids: [sent.studyInstanceUid] });
    this.changed();
    void this.drainOutbox();
    return sent;
  }

  private async drainOutbox(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      const before = JSON.stringify(this.outbox.counts());
      const report = await this.outbox.drain(this.settings);
      for (const [name, why] of Object.entries(report.unreachable)) if (this.nodeStatus.has(name)) this.mark(name, { ok: false, error: why });
      if (JSON.stringify(this.outbox.counts()) !== before) this.changed();
    } finally {
      this.draining = false;
    }
  }

  private dicomWeb(node: PacsNode & { kind: 'dicomweb' }): DicomWebClient {
    return dicomWebClientFor(node, this.secrets);
  }
}

/** An echo whose node was removed before it answered. */
class NodeRemovedError extends Error {
  constructor(name: string) {
    super(`PACS node "${name}" was removed while its echo ran`);
  }
}
