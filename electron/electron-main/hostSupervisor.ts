import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostEvent } from '../common/contract/hostContract';
import { jsonErrorResponse } from '../common/contract/hostError';
import type { HostToMainMessage, MainToHostMessage } from '../common/contract/hostProcessProtocol';
import { forwardRequest, type HostEndpoint } from '../node/hostProcess/forwardRequest';

export interface HostSupervisorOptions {
  /** The built host process module (out/node/hostProcess.mjs). */
  modulePath: string;
  /** The start message, made afresh for each (re)start: displays may have changed. */
  startMessage(): Extract<MainToHostMessage, { type: 'start' }>;
  onEvent(event: HostEvent): void;
}

/** Restarts back off from half a second to 10 s; this many failures within a minute and it stops trying. */
const MAX_RESTARTS_PER_MINUTE = 5;
/** How long a request waits for a host that is (re)starting before it is answered 503. */
const READY_WAIT_MS = 20_000;

/**
 * Keeps the host process running: starts it (Electron's utility process), forwards every request
 * of the lightbox:// scheme to its loopback server, relays its events, and restarts it when it
 * dies — telling the windows so (`onDidChangeHostState`). Main's own event loop only moves bytes
 * between the scheme and the socket; nothing in it parses, decodes or touches the cache.
 */
export class HostSupervisor {
  private child: UtilityProcess | undefined;
  private endpoint: HostEndpoint | undefined;
  private waiting: Array<(endpoint: HostEndpoint | Error) => void> = [];
  private failures: number[] = [];
  private lastError = '';
  private stopping = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: HostSupervisorOptions) {}

  /** The scheme handler: every request of the app's origin, answered by the host process. */
  readonly handle = async (request: Request): Promise<Response> => {
    const endpoint = await this.ready();
    if (endpoint instanceof Error) return jsonErrorResponse(503, 'host-unavailable', endpoint.message);
    try {
      return await forwardRequest(request, endpoint);
    } catch (error) {
      return jsonErrorResponse(503, 'host-unavailable', `the host process did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  start(): void {
    this.stopping = false;
    const child = utilityProcess.fork(this.options.modulePath, [], { serviceName: 'Lightbox host', stdio: 'inherit' });
    this.child = child;
    let resolveExit!: () => void;
    this.exited = new Promise((resolve) => (resolveExit = resolve));
    child.on('message', (message: HostToMainMessage) => this.receive(message));
    child.on('exit', (code) => {
      resolveExit();
      if (this.child === child) this.child = undefined;
      this.endpoint = undefined;
      if (!this.stopping) this.restartAfter(this.lastError || `the host process exited with code ${code}`);
    });
    child.postMessage(this.options.startMessage() satisfies MainToHostMessage);
  }

  /** Tells the host process (if running) that the displays changed. */
  send(message: MainToHostMessage): void {
    this.child?.postMessage(message);
  }

  /** Asks the host to close the cache and stop; kills it if it has not after 10 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    child.postMessage({ type: 'stop' } satisfies MainToHostMessage);
    const killer = setTimeout(() => child.kill(), 10_000);
    await this.exited;
    clearTimeout(killer);
    this.fail(new Error('Lightbox is quitting'));
  }

  private receive(message: HostToMainMessage): void {
    switch (message.type) {
      case 'ready': {
        const recovering = this.failures.length > 0;
        this.endpoint = { origin: message.origin, token: message.token };
        this.lastError = '';
        for (const resolve of this.waiting.splice(0)) resolve(this.endpoint);
        if (recovering) this.options.onEvent({ type: 'onDidChangeHostState', state: 'running', message: 'The host process is running again; nothing it had stored was lost.' });
        break;
      }
      case 'event':
        this.options.onEvent(message.event);
        break;
      case 'failed':
        this.lastError = message.message;
        break;
      case 'stopped':
        break;
    }
  }

  private ready(): Promise<HostEndpoint | Error> {
    if (this.endpoint) return Promise.resolve(this.endpoint);
    if (this.failures.length >= MAX_RESTARTS_PER_MINUTE && !this.child) return Promise.resolve(new Error(`the host process keeps failing: ${this.lastError}`));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== settle);
        resolve(new Error(`the host process did not start within ${READY_WAIT_MS / 1000} s${this.lastError ? `: ${this.lastError}` : ''}`));
      }, READY_WAIT_MS);
      const settle = (result: HostEndpoint | Error): void => {
        clearTimeout(timer);
        resolve(result);
      };
      this.waiting.push(settle);
    });
  }

  private fail(error: Error): void {
    for (const resolve of this.waiting.splice(0)) resolve(error);
  }

  private restartAfter(reason: string): void {
    const now = Date.now();
    this.failures = [...this.failures.filter((t) => now - t < 60_000), now];
    if (this.failures.length >= MAX_RESTARTS_PER_MINUTE) {
      this.options.onEvent({ type: 'onDidChangeHostState', state: 'failed', message: `The host process keeps failing (${reason}). Restart Lightbox; if it fails again, see the log.` });
      this.fail(new Error(`the host process keeps failing: ${reason}`));
      return;
    }
    this.options.onEvent({ type: 'onDidChangeHostState', state: 'restarting', message: `The host process stopped (${reason}); restarting it.` });
    const delay = Math.min(10_000, 500 * 2 ** (this.failures.length - 1));
    setTimeout(() => {
      if (!this.stopping) this.start();
    }, delay);
  }
}
