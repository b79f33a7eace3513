import type { MultipartBody } from './hostContract';

const encoder = new TextEncoder();

/** Encodes a multipart/related body (RFC 2387, PS3.18 8.6.1.2); returns the bytes and the Content-Type. */
export function encodeMultipart(body: MultipartBody): { bytes: Uint8Array; contentType: string } {
  const boundary = `lightbox-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const chunks: Uint8Array[] = [];
  for (const part of body.parts) {
    const headers = `--${boundary}\r\nContent-Type: ${part.contentType}\r\n${part.location ? `Content-Location: ${part.location}\r\n` : ''}\r\n`;
    chunks.push(encoder.encode(headers), part.bytes, encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { bytes, contentType: `multipart/related; type="${body.type}"; boundary=${boundary}` };
}

/** Where `needle` first occurs in `haystack` at or after `from`, or -1. */
export function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  // Jump between candidates with the native indexOf of the first byte: parts can be many MB.
  for (let i = haystack.indexOf(needle[0]!, from); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(needle[0]!, i + 1)) {
    let k = 1;
    while (k < needle.length && haystack[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** Decodes a multipart/related body given its Content-Type header. */
export function decodeMultipart(bytes: Uint8Array, contentType: string): MultipartBody {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const type = /type="?([^";]+)"?/i.exec(contentType)?.[1] ?? 'application/octet-stream';
  if (!boundary) throw new Error('multipart response without a boundary');
  const delimiter = encoder.encode(`--${boundary}`);
  const parts: MultipartBody['parts'] = [];
  let pos = indexOf(bytes, delimiter, 0);
  while (pos >= 0) {
    const afterDelimiter = pos + delimiter.length;
    if (bytes[afterDelimiter] === 0x2d && bytes[afterDelimiter + 1] === 0x2d) break; // closing delimiter
    const headersEnd = indexOf(bytes, encoder.encode('\r\n\r\n'), afterDelimiter);
    if (headersEnd < 0) break;
    const headerText = new TextDecoder().decode(bytes.subarray(afterDelimiter, headersEnd));
    const next = indexOf(bytes, delimiter, headersEnd + 4);
    if (next < 0) break;
    const partContentType = /content-type:\s*([^\r\n]+)/i.exec(headerText)?.[1]?.trim() ?? type;
    const location = /content-location:\s*([^\r\n]+)/i.exec(headerText)?.[1]?.trim();
    // The part ends with the CRLF that precedes the next delimiter.
    parts.push({ contentType: partContentType, bytes: bytes.slice(headersEnd + 4, next - 2), ...(location ? { location } : {}) });
    pos = next;
  }
  return { type, parts };
}
