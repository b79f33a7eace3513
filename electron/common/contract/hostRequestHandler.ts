import {
  EVENTS_PATH,
  hostRoutes,
  type HostEvent,
  type HostRequestName,
  type HostRouteImplementations,
  type HostRouteSpec,
  type BinaryBody,
  type MultipartBody,
} from './hostContract';
import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { HostError, jsonErrorResponse } from './hostError';
import { encodeMultipart } from './multipart';
import { readMultipartStream } from './multipartStream';
import { bodyWithin, DEFAULT_REQUEST_BODY_LIMITS, textWithin, type RequestBodyLimits } from './requestBodyLimits';
import { SerializedJson } from './serializedJson';
import { compileHostRoutes } from './routePaths';
import type { HostEventBus } from '../events/hostEventBus';

export type RequestHandler = (request: Request) => Promise<Response>;

export interface HostRequestHandlerOptions {
  limits?: RequestBodyLimits;
  /**
   * Where failures the client must not see in detail go (the host's log): error messages name
   * files of the cache, and answers never carry local paths.
   */
  logError?(message: string): void;
}

/**
 * The single request handler behind the contract. It only uses web-standard Request/Response,
 * so Electron's `protocol.handle` and browser mode's HTTP adapter call the same function.
 */
export function createHostRequestHandler(
  implementations: HostRouteImplementations,
  events: HostEventBus,
  options: HostRequestHandlerOptions = {},
): RequestHandler {
  const routes = compileHostRoutes();
  const limits = options.limits ?? DEFAULT_REQUEST_BODY_LIMITS;
  const logError = options.logError ?? ((message: string) => console.error(message));
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname === EVENTS_PATH && request.method === 'GET') return eventStreamResponse(events, request.signal);
    const allowed: string[] = [];
    for (const route of routes) {
      const params = route.match(url.pathname);
      if (!params) continue;
      allowed.push(route.method);
      if (route.method !== request.method) continue;
      try {
        return await invoke(route.name, implementations, params, url, request, limits);
      } catch (error) {
        if (error instanceof HostError) return jsonErrorResponse(error.status, error.code, error.message);
        const message = error instanceof Error ? error.message : String(error);
        logError(`${route.name} ${url.pathname} failed: ${message}`);
        // A file the index names but the disk no longer holds: the thing asked for is not here.
        if (isMissingFile(error)) return jsonErrorResponse(404, 'not-found', `${url.pathname} is not in the local cache (its file is missing; "lightbox cache verify --repair" tidies the index)`);
        return jsonErrorResponse(500, 'internal', `${route.name} failed on the host (the details are in the host's log)`);
      }
    }
    return allowed.length
      ? jsonErrorResponse(405, 'method-not-allowed', `${request.method} is not allowed on ${url.pathname}`, { allow: allowed.join(', ') })
      : jsonErrorResponse(404, 'not-found', `no host route for ${url.pathname}`);
  };
}

async function invoke(
  name: HostRequestName,
  implementations: HostRouteImplementations,
  params: Record<string, string>,
  url: URL,
  request: Request,
  limits: RequestBodyLimits,
): Promise<Response> {
  const query = Object.fromEntries(url.searchParams);
  const spec: HostRouteSpec = hostRoutes[name];
  const body =
    request.method === 'GET'
      ? undefined
      : spec.requestType === 'multipart'
        ? readMultipartStream(bodyWithin(request, limits.stowBytes, 'the multipart request body'), request.headers.get('content-type') ?? '')
        : await readJsonBody(request, limits.jsonBytes);
  // Each implementation is typed against the contract; here the input is checked only for shape.
  const impl = implementations[name] as (input: { params: unknown; query: unknown; body: unknown }) => Promise<unknown>;
  const result = await impl({ params, query, body });
  const responseType = hostRoutes[name].responseType;
  if (result instanceof SerializedJson) {
    return new Response(result.body, { headers: { 'content-type': responseType === 'dicom+json' ? 'application/dicom+json' : 'application/json; charset=utf-8' } });
  }
  if (responseType === 'multipart') {
    const { bytes, contentType } = encodeMultipart(result as MultipartBody);
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } });
  }
  if (responseType === 'dicom+json') {
    return new Response(JSON.stringify(result), { status: name === 'stowStudies' ? stowResponseStatus(result as DicomJsonDataset) : 200, headers: { 'content-type': 'application/dicom+json' } });
  }
  if (responseType === 'png') return binaryResponse(result as BinaryBody, { 'content-type': 'image/png', 'cache-control': 'private, max-age=3600' });
  if (responseType === 'binary') return binaryResponse(result as BinaryBody, { 'content-type': 'application/octet-stream' });
  return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** Bytes as they are, or a stream; the length lets the renderer read straight into one buffer of the right size. */
function binaryResponse(body: BinaryBody, headers: Record<string, string>): Response {
  if (body instanceof Uint8Array) return new Response(body as Uint8Array<ArrayBuffer>, { headers: { ...headers, 'content-length': String(body.byteLength) } });
  return new Response(body.stream, { headers: { ...headers, 'content-length': String(body.byteLength) } });
}

/** Node's errors for a file that is not there (the cache's own files, deleted behind its back). */
function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const text = await textWithin(request, limit, 'the JSON request body');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HostError(400, 'bad-request', 'request body is not valid JSON');
  }
}

/** Server-Sent Events: one `data:` line of JSON per HostEvent, a comment heartbeat to keep proxies open. */
function eventStreamResponse(events: HostEventBus, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let cleanup = (): void => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: HostEvent): void => controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
      controller.enqueue(encoder.encode(': connected\n\n'));
      const subscription = events.onDidEmit(send);
      const heartbeat = setInterval(() => controller.enqueue(encoder.encode(': ping\n\n')), 15_000);
      cleanup = () => {
        clearInterval(heartbeat);
        subscription.dispose();
      };
      signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the consumer
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' },
  });
}

/**
 * The STOW-RS response status (PS3.18 10.5.3): 200 when every instance was stored as sent, 202
 * when some failed or were stored with a warning, 409 when none was stored.
 */
export function stowResponseStatus(response: DicomJsonDataset): number {
  const referenced = (response['00081199']?.Value ?? []) as DicomJsonDataset[];
  const failed = (response['00081198']?.Value ?? []) as DicomJsonDataset[];
  if (referenced.length === 0 && failed.length > 0) return 409;
  return failed.length > 0 || referenced.some((item) => item['00081196'] !== undefined) ? 202 : 200;
}
