import { HostError } from './hostError';
import type { ByteSource } from './multipartStream';

/** How large a request body the host takes; past it the request is answered 413 and its connection closed. */
export interface RequestBodyLimits {
  /** JSON command bodies (settings, protocols, annotations). */
  jsonBytes: number;
  /** One STOW-RS request, all its instances together. */
  stowBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Commands are small and bulk data never travels as JSON: 1 MiB is far above any command. A
 * STOW-RS streams to disk, so its limit is about disk and time, not memory: 2 GiB takes the
 * largest single objects we expect (breast tomosynthesis, whole series in one request) and a
 * site with more sets `LIGHTBOX_MAX_STOW_BYTES` (see resourceLimits.ts).
 */
export const DEFAULT_REQUEST_BODY_LIMITS: RequestBodyLimits = { jsonBytes: 1 * MiB, stowBytes: 2048 * MiB };

function tooLarge(what: string, limit: number): HostError {
  return new HostError(413, 'too-large', `${what} is larger than the ${formatBytes(limit)} this host takes`);
}

/** 1536 → "1.5 KiB": limits as people set them. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}

/**
 * The request's body, read within `limit` bytes. A Content-Length over the limit is refused
 * before a byte is read; a body without one (chunked) is refused as soon as it passes the limit,
 * so neither is ever held whole. `what` names the body in the 413's message.
 */
export function bodyWithin(request: Request, limit: number, what: string): ByteSource {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(what, limit);
  const reader = request.body?.getReader();
  let received = 0;
  return {
    async read() {
      if (!reader) return { done: true };
      const result = await reader.read();
      if (result.done) return { done: true };
      received += result.value.byteLength;
      // Not cancelled: cancelling would drop the connection before the 413 is written; the server closes it after answering.
      if (received > limit) throw tooLarge(what, limit);
      return { done: false, value: result.value };
    },
  };
}

/** The whole body as text, within `limit` bytes (see `bodyWithin`). */
export async function textWithin(request: Request, limit: number, what: string): Promise<string> {
  const source = bodyWithin(request, limit, what);
  const chunks: Uint8Array[] = [];
  for (let r = await source.read(); !r.done; r = await source.read()) chunks.push(r.value);
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(bytes);
}
