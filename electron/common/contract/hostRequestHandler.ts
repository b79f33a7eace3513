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
import { HostError, jsonErrorResponse } from './hostError';
import { decodeMultipart, encodeMultipart } from './multipart';
import { SerializedJson } from './serializedJson';
import { compileHostRoutes } from './routePaths';
import type { HostEventBus } from '../events/hostEventBus';

export type RequestHandler = (request: Request) => Promise<Response>;

/** Largest JSON command body accepted; commands are small, bulk data never travels as JSON. */
const MAX_JSON_BODY_BYTES = 1 << 20;

/**
 * The single request handler behind the contract. It only uses web-standard Request/Response,
 * so Electron's `protocol.handle` and browser mode's HTTP adapter call the same function.
 */
export function createHostRequestHandler(
  implementations: HostRouteImplementations,
  events: HostEventBus,
): RequestHandler {
  const routes = compileHostRoutes();
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname === EVENTS_PATH && request.method === 'GET') return eventStreamResponse(events, request.signal);
    let pathMatched = false;
    for (const route of routes) {
      const params = route.match(url.pathname);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      try {
        return await invoke(route.name, implementations, params, url, request);
      } catch (error) {
        if (error instanceof HostError) return jsonErrorResponse(error.status, error.code, error.message);
        const message = error instanceof Error ? error.message : String(error);
        return jsonErrorResponse(500, 'internal', `${route.name} failed: ${message}`);
      }
    }
    return pathMatched
      ? jsonErrorResponse(405, 'method-not-allowed', `${request.method} is not allowed on ${url.pathname}`)
      : jsonErrorResponse(404, 'not-found', `no host route for ${url.pathname}`);
  };
}

async function invoke(
  name: HostRequestName,
  implementations: HostRouteImplementations,
  params: Record<string, string>,
  url: URL,
  request: Request,
): Promise<Response> {
  const query = Object.fromEntries(url.searchParams);
  const spec: HostRouteSpec = hostRoutes[name];
  const body =
    request.method === 'GET'
      ? undefined
      : spec.requestType === 'multipart'
        ? decodeMultipart(new Uint8Array(await request.arrayBuffer()), request.headers.get('content-type') ?? '')
        : await readJsonBody(request);
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
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/dicom+json' } });
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

async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_JSON_BODY_BYTES) throw new HostError(413, 'too-large', 'request body too large');
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
