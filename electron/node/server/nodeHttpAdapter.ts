import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/**
 * The methods the host answers. Others (TRACE, CONNECT, PATCH, …) are answered 405 with this
 * list before a web Request is made: the fetch standard forbids some of them in a Request at all.
 */
export const SERVED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const;

/** node:http request → web-standard Request, body streamed, aborted when the client goes away. */
export function toWebRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: requestBody(req), duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * The request's body as a web stream that reads from the socket only as fast as it is consumed
 * (a few chunks ahead), so a handler that streams a large upload to disk holds little of it.
 * Cancelling only stops reading: the handler's answer (a 413, say) must still reach the client;
 * `writeWebResponse` then closes the connection.
 */
function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          settled = true;
          controller.close();
        });
        req.once('error', (error) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        });
        req.once('close', () => {
          if (settled || req.complete) return;
          settled = true;
          controller.error(new Error('the client closed the connection before the request body ended'));
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        req.pause();
      },
    },
    new CountQueuingStrategy({ highWaterMark: 4 }),
  );
}

/** Whether the request has body bytes still to come (a bodiless request may not be marked complete yet when answered at once). */
function bodyLeftUnread(req: IncomingMessage): boolean {
  return !req.complete && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
}

/** How long the unread rest of a refused request is read and dropped before its connection closes. */
const LINGER_MS = 2000;

/**
 * Node's server closes a `Connection: close` answer's socket as soon as the answer is written
 * (`destroySoon`). With unread request bytes in the socket, the kernel then sends a reset, which
 * can reach the client before it has read the answer (it sees EPIPE or ECONNRESET instead of our
 * 413). So, as servers do (nginx's lingering close): the answer and a FIN go out, what the client
 * still sends is read and dropped for a moment (never kept), then the socket is closed.
 */
function lingerBeforeClosing(req: IncomingMessage): void {
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    req.removeAllListeners('data');
    req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}

/**
 * Writes a web Response to node:http, streaming its body with backpressure. A request whose body
 * was not read to its end (refused early: too large, wrong route) gets `Connection: close`; its
 * unread rest is not taken.
 */
export async function writeWebResponse(response: Response, res: ServerResponse, req?: IncomingMessage): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  if (req && bodyLeftUnread(req)) {
    headers.connection = 'close';
    lingerBeforeClosing(req);
  }
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>);
  await new Promise<void>((resolve) => {
    body.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}
