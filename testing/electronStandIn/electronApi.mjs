// A STAND-IN FOR ELECTRON'S API — not Electron. The Electron binary cannot be installed on the
// machines that build and test Lightbox (its npm package downloads it from the internet), so the
// desktop smoke test loads the *built* main bundle (out/electron/main.mjs) in plain Node with
// `electron` resolved to this module (register.mjs), and drives it as Electron would: app ready,
// windows, the lightbox:// scheme, the utility process, quit. It implements only what main uses,
// with Electron's documented semantics, and reports everything main asks of it to the test over
// Node's IPC channel (see smokeControl below). Where the real binary exists, e2e/electron.spec.ts
// runs the real app instead.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';

const report = (message) => process.send?.({ standIn: true, ...message });

// ---- app -------------------------------------------------------------------------------------
class App extends EventEmitter {
  #paths = new Map([['userData', '/tmp/lightbox-standin']]);
  #ready = false;
  #readyWaiters = [];
  #quitting = false;
  sandboxEnabled = false;
  setPath(name, value) {
    this.#paths.set(name, value);
  }
  getPath(name) {
    return this.#paths.get(name);
  }
  enableSandbox() {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    return true;
  }
  setAsDefaultProtocolClient(scheme) {
    report({ kind: 'default-protocol-client', scheme });
    return true;
  }
  isReady() {
    return this.#ready;
  }
  whenReady() {
    return this.#ready ? Promise.resolve() : new Promise((resolve) => this.#readyWaiters.push(resolve));
  }
  /** Electron: 'ready' once, after the main module's top level has run. */
  _becomeReady() {
    this.#ready = true;
    this.emit('ready');
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
  }
  /** Electron: quit closes every window, then emits will-quit (preventable), then quit, then exits. */
  quit() {
    if (this.#quitting) return;
    this.#quitting = true;
    setImmediate(() => {
      for (const window of BrowserWindow.getAllWindows()) window.destroy();
      let prevented = false;
      this.emit('will-quit', { preventDefault: () => (prevented = true) });
      this.#quitting = false;
      if (prevented) return;
      this.emit('quit');
      report({ kind: 'quit' });
      process.exit(0);
    });
  }
}
export const app = new App();

// ---- protocol --------------------------------------------------------------------------------
const schemeHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged must be called before app is ready');
    report({ kind: 'privileged-schemes', schemes });
  },
  handle(scheme, handler) {
    if (!app.isReady()) throw new Error('protocol.handle must be called after app is ready');
    schemeHandlers.set(scheme, handler);
    report({ kind: 'scheme-handled', scheme });
  },
};

// ---- screen ----------------------------------------------------------------------------------
const displayCount = Number(process.env.LIGHTBOX_STANDIN_DISPLAYS ?? '1');
const displays = Array.from({ length: displayCount }, (_, i) => ({
  id: 1000 + i,
  label: `Stand-in display ${i + 1}`,
  bounds: { x: i * 1920, y: 0, width: 1920, height: 1080 },
  scaleFactor: 1,
}));
class Screen extends EventEmitter {
  getPrimaryDisplay() {
    return displays[0];
  }
  getAllDisplays() {
    return displays.map((d) => ({ ...d, bounds: { ...d.bounds } }));
  }
}
export const screen = new Screen();

// ---- windows ---------------------------------------------------------------------------------
class WebContents extends EventEmitter {
  id = randomUUID();
  sent = [];
  #openHandler = () => ({ action: 'allow' });
  send(channel, ...args) {
    this.sent.push({ channel, args });
    report({ kind: 'ipc-send', channel, args });
  }
  setWindowOpenHandler(handler) {
    this.#openHandler = handler;
  }
  /** What Electron asks before a page navigates or opens a window. */
  _tryNavigate(url) {
    let prevented = false;
    this.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return !prevented;
  }
  _tryOpen(url) {
    return this.#openHandler({ url }).action;
  }
}
const windows = new Set();
export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return [...windows];
  }
  constructor(options = {}) {
    super();
    this.options = options;
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new WebContents();
    this.destroyed = false;
    windows.add(this);
    app.emit('web-contents-created', {}, this.webContents);
    report({ kind: 'window-created', id: this.webContents.id, options: JSON.parse(JSON.stringify(options)) });
  }
  async loadURL(url) {
    this.url = url;
    report({ kind: 'window-loaded', id: this.webContents.id, url });
    setImmediate(() => this.emit('ready-to-show'));
  }
  getBounds() {
    return { ...this.bounds };
  }
  setBounds(bounds) {
    this.bounds = { ...bounds };
  }
  setFullScreen(value) {
    this.fullScreen = value;
  }
  show() {
    this.visible = true;
  }
  focus() {}
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.delete(this);
    this.emit('closed');
    if (windows.size === 0) app.emit('window-all-closed');
  }
}

export const shell = {
  async openExternal(url) {
    report({ kind: 'open-external', url });
  },
};

// A keychain stand-in: reversible, and visibly not the plain text.
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`stand-in-sealed:${Buffer.from(s).toString('base64')}`),
  decryptString: (b) => Buffer.from(b.toString().slice('stand-in-sealed:'.length), 'base64').toString(),
};

// ---- utilityProcess: a Node child process with an IPC channel ---------------------------------
const children = new Set();
class UtilityProcess extends EventEmitter {
  constructor(modulePath, args, options) {
    super();
    this.child = fork(modulePath, args, { serialization: 'advanced', stdio: options?.stdio === 'inherit' ? 'inherit' : 'pipe' });
    this.pid = this.child.pid;
    children.add(this);
    report({ kind: 'utility-forked', modulePath, pid: this.pid, serviceName: options?.serviceName });
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code, signal) => {
      children.delete(this);
      report({ kind: 'utility-exited', pid: this.pid, code, signal });
      this.emit('exit', code ?? (signal ? 1 : 0));
    });
  }
  postMessage(message) {
    if (this.child.connected) this.child.send(message);
  }
  kill() {
    return this.child.kill('SIGKILL');
  }
}
export const utilityProcess = {
  fork: (modulePath, args = [], options = {}) => new UtilityProcess(modulePath, args, options),
};

// ---- the test's side: commands over IPC ------------------------------------------------------
/** Answers a request through the handler main registered, as Chromium would call it. */
async function viaScheme(url, init) {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = schemeHandlers.get(scheme);
  if (!handler) return { status: 0, error: `no handler for ${scheme}:` };
  const response = await handler(new Request(url, init));
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: Object.fromEntries(response.headers), body };
}

/** The same, with the body read in main and dropped, as Electron's scheme plumbing reads it in main to pass it on. */
async function drainedViaScheme(url, init) {
  const scheme = new URL(url).protocol.slice(0, -1);
  const response = await schemeHandlers.get(scheme)(new Request(url, init));
  let bytes = 0;
  if (response.body) for await (const chunk of response.body) bytes += chunk.length;
  return { status: response.status, bytes };
}

process.on('message', async (command) => {
  if (!command?.smoke) return;
  const reply = (result) => process.send?.({ smokeReply: command.id, ...result });
  try {
    switch (command.smoke) {
      case 'request':
        reply(await viaScheme(command.url, command.init));
        break;
      case 'request-drained':
        reply(await drainedViaScheme(command.url, command.init));
        break;
      case 'windows':
        reply({
          windows: BrowserWindow.getAllWindows().map((w) => ({ id: w.webContents.id, url: w.url, bounds: w.getBounds(), options: JSON.parse(JSON.stringify(w.options)), visible: !!w.visible })),
          sandbox: app.sandboxEnabled,
        });
        break;
      case 'navigate': {
        const window = BrowserWindow.getAllWindows()[0];
        reply({ allowed: window.webContents._tryNavigate(command.url), open: window.webContents._tryOpen(command.url) });
        break;
      }
      case 'utility-processes':
        reply({ pids: [...children].map((c) => c.pid) });
        break;
      case 'kill-utility':
        for (const c of children) c.child.kill('SIGKILL');
        reply({ killed: true });
        break;
      case 'event-loop': {
        const { eventLoop } = globalThis.__lightboxStandIn ?? {};
        reply(eventLoop ? eventLoop() : {});
        break;
      }
      case 'quit':
        reply({ quitting: true });
        app.quit();
        break;
      default:
        reply({ error: `unknown command ${command.smoke}` });
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.stack : String(error) });
  }
});

// Electron emits 'ready' after the main module has been evaluated.
setImmediate(() => app._becomeReady());

export default { app, protocol, screen, BrowserWindow, shell, safeStorage, utilityProcess };
