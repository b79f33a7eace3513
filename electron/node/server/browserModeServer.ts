import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from '../../common/contract/hostRequestHandler';
import { jsonErrorResponse } from '../../common/contract/hostError';
import { checkLoopbackAuth, TOKEN_QUERY } from './loopbackAuth';
import { SERVED_METHODS, toWebRequest, writeWebResponse } from './nodeHttpAdapter';

export interface BrowserModeServerOptions {
  handle: RequestHandler;
  token: string;
  /** 0 picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default) or ::1. */
  host?: '127.0.0.1' | '::1';
  /** Where failures go whose details the client must not see (they name local files); default: stderr. */
  logError?(message: string): void;
}

export interface BrowserModeServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** The URL to open once: carries the token, which the page then keeps in a cookie. */
  launchUrl: string;
  close(): Promise<void>;
}

/** Browser mode: the same host handler as Electron's `lightbox://` scheme, over loopback HTTP. */
export async function startBrowserModeServer(options: BrowserModeServerOptions): Promise<BrowserModeServer> {
  const host = options.host ?? '127.0.0.1';
  let allowedHosts: string[] = [];
  let origin = '';
  const logError = options.logError ?? ((message: string) => console.error(`lightbox server: ${message}`));
  const server: Server = createServer((req, res) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    void (async () => {
      let response: Response;
      try {
        if (!(SERVED_METHODS as readonly string[]).includes(req.method ?? '')) {
          response = jsonErrorResponse(405, 'method-not-allowed', `${req.method} is not a method this server answers`, { allow: SERVED_METHODS.join(', ') });
        } else {
          const request = toWebRequest(req, origin, abort.signal);
          response = checkLoopbackAuth(request, { token: options.token, allowedHosts }) ?? (await options.handle(request));
        }
      } catch (error) {
        // The message may name files of the cache: it goes to the log, the client learns only that it failed.
        logError(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
        response = jsonErrorResponse(500, 'internal', 'the host failed to answer this request (the details are in its log)');
      }
      await writeWebResponse(response, res, req);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host === '::1' ? '[::1]' : host;
  origin = `http://${hostPart}:${port}`;
  allowedHosts = [`${hostPart}:${port}`, `localhost:${port}`];
  return {
    origin,
    port,
    launchUrl: `${origin}/?${TOKEN_QUERY}=${encodeURIComponent(options.token)}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
