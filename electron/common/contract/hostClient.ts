import {
  hostRoutes,
  type HostErrorBody,
  type HostRequestName,
  type HostRequests,
  type HostRouteInput,
  type HostRouteSpec,
  type MultipartBody,
} from './hostContract';
import { decodeMultipart, encodeMultipart } from './multipart';
import { buildRoutePath } from './routePaths';

/** Sends one web-standard Request: `fetch` in the renderer, the handler itself in tests. */
export type HostTransport = (request: Request) => Promise<Response>;

export class HostRequestError extends Error {
  constructor(
    readonly request: HostRequestName,
    readonly status: number,
    readonly code: string,
    /** The host's own words, for a reader (the message adds the request and status, for logs). */
    readonly detail: string,
  ) {
    super(`${request}: ${detail} (HTTP ${status})`);
    this.name = 'HostRequestError';
  }
}

/** What to show a reader for a failed request: the host's words, without request names or HTTP codes. */
export function readerMessage(error: unknown): string {
  if (error instanceof HostRequestError) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

export interface HostClientOptions {
  /** Origin the host answers on: `lightbox://app` in Electron, `http://127.0.0.1:PORT` in browser mode. */
  baseUrl: string;
  transport: HostTransport;
  /** Extra headers, e.g. `Authorization: Bearer <token>` for scripts outside the page. */
  headers?: Record<string, string>;
}

/** Input fields a caller may omit because they are empty for that request. */
type CallInput<K extends HostRequestName> = Partial<HostRouteInput<K>>;

/** Requests whose answer is binary (frames, volume blocks, thumbnails). */
export type BinaryRequestName = { [K in HostRequestName]: HostRequests[K]['response'] extends ArrayBuffer ? K : never }[HostRequestName];

export interface HostClient {
  call<K extends HostRequestName>(name: K, input?: CallInput<K>): Promise<HostRequests[K]['response']>;
  /**
   * A binary answer read straight into one buffer of `expectedBytes`, chunk by chunk, so that no
   * second full-size copy exists even for a moment (what `arrayBuffer()` costs per frame); when the
   * host announces another length, it is read whole instead.
   */
  readBinary<K extends BinaryRequestName>(name: K, input: CallInput<K>, expectedBytes: number): Promise<ArrayBuffer>;
}

/** The renderer's typed proxy of the host contract. */
export function createHostClient(options: HostClientOptions): HostClient {
  const send = async <K extends HostRequestName>(name: K, input: CallInput<K>): Promise<Response> => {
    const route = hostRoutes[name];
    const path = buildRoutePath(
      route.path,
      (input.params ?? {}) as Record<string, string>,
      (input.query ?? {}) as Record<string, string | number | undefined>,
    );
    const headers = new Headers(options.headers);
    let body: string | undefined;
    let bytes: Uint8Array | undefined;
    if (input.body !== undefined && (route as HostRouteSpec).requestType === 'multipart') {
      const encoded = encodeMultipart(input.body as MultipartBody);
      headers.set('content-type', encoded.contentType);
      bytes = encoded.bytes;
    } else if (input.body !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(input.body);
    }
    const response = await options.transport(
      new Request(new URL(path, options.baseUrl), { method: route.method, headers, body: bytes ? (bytes as Uint8Array<ArrayBuffer>) : body }),
    );
    if (!response.ok) {
      const err = (await response.json().catch(() => ({}))) as Partial<HostErrorBody>;
      throw new HostRequestError(name, response.status, err.code ?? 'error', err.error ?? response.statusText);
    }
    return response;
  };
  return {
    async call(name, input = {}) {
      const route = hostRoutes[name];
      const response = await send(name, input);
      const result: unknown =
        route.responseType === 'binary' || route.responseType === 'png'
          ? await response.arrayBuffer()
          : route.responseType === 'multipart'
            ? decodeMultipart(new Uint8Array(await response.arrayBuffer()), response.headers.get('content-type') ?? '')
            : await response.json();
      return result as HostRequests[typeof name]['response'];
    },
    async readBinary(name, input, expectedBytes) {
      const response = await send(name, input);
      if (!response.body || Number(response.headers.get('content-length')) !== expectedBytes) return response.arrayBuffer();
      const out = new Uint8Array(expectedBytes);
      const reader = response.body.getReader();
      let at = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (at + value.length > expectedBytes) throw new HostRequestError(name, response.status, 'bad-length', `more than the ${expectedBytes} bytes announced`);
        out.set(value, at);
        at += value.length;
      }
      if (at !== expectedBytes) throw new HostRequestError(name, response.status, 'bad-length', `${at} of the ${expectedBytes} bytes announced`);
      return out.buffer;
    },
  };
}
