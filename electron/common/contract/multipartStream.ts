import type { StreamedMultipartBody, StreamedPart } from './hostContract';
import { HostError } from './hostError';
import { indexOf } from './multipart';

/** Where the bytes come from: a reader of the request body (its `read` may throw, e.g. a 413 past a limit). */
export interface ByteSource {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>;
}

/** A part's headers are a few lines; more than this is not a multipart body we take. */
const MAX_PART_HEADER_BYTES = 16 * 1024;
const CRLF = new Uint8Array([13, 10]);
const HEADERS_END = new Uint8Array([13, 10, 13, 10]);

type State = 'preamble' | 'after-delimiter' | 'body' | 'end';

/**
 * Reads a multipart/related body (RFC 2046 5.1, RFC 2387; PS3.18 8.6.1.2) as it arrives. Only
 * the bytes that might begin a delimiter are held back between chunks, so memory stays at about
 * one network chunk whatever the size of the parts.
 */
class MultipartReader {
  private readonly delimiter: Uint8Array;
  /** Bytes read and not yet handed out. */
  private buffer: Uint8Array;
  private state: State = 'preamble';

  constructor(
    private readonly source: ByteSource,
    boundary: string,
  ) {
    this.delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
    // The first delimiter may open the body without the CRLF that precedes the others.
    this.buffer = CRLF;
  }

  /** Appends the next chunk of the body; false at its end. */
  private async fill(): Promise<boolean> {
    const { done, value } = await this.source.read();
    if (done) return false;
    if (this.buffer.length === 0) this.buffer = value;
    else {
      const joined = new Uint8Array(this.buffer.length + value.length);
      joined.set(this.buffer);
      joined.set(value, this.buffer.length);
      this.buffer = joined;
    }
    return true;
  }

  /** The headers of the next part, or undefined after the closing delimiter; skips what is left of the current part. */
  async nextPart(): Promise<{ contentType?: string; location?: string } | undefined> {
    while (this.state === 'body') await this.nextChunk();
    if (this.state === 'preamble') {
      for (;;) {
        const at = indexOf(this.buffer, this.delimiter, 0);
        if (at >= 0) {
          this.buffer = this.buffer.subarray(at + this.delimiter.length);
          this.state = 'after-delimiter';
          break;
        }
        this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - this.delimiter.length + 1));
        if (!(await this.fill())) throw new HostError(400, 'bad-request', 'the multipart body holds no part (its boundary never occurs)');
      }
    }
    if (this.state === 'end') return undefined;
    while (this.buffer.length < 2) if (!(await this.fill())) throw truncated();
    if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
      this.state = 'end'; // the closing delimiter; the epilogue is ignored (RFC 2046 5.1.1)
      return undefined;
    }
    // From the end of the delimiter: transport padding, CRLF, header lines, an empty line.
    let end: number;
    while ((end = indexOf(this.buffer, HEADERS_END, 0)) < 0) {
      if (this.buffer.length > MAX_PART_HEADER_BYTES) throw new HostError(400, 'bad-request', `a multipart part's headers are longer than ${MAX_PART_HEADER_BYTES} bytes`);
      if (!(await this.fill())) throw truncated();
    }
    const headers = new TextDecoder().decode(this.buffer.subarray(0, end));
    this.buffer = this.buffer.subarray(end + HEADERS_END.length);
    this.state = 'body';
    const contentType = /(?:^|\r\n)content-type:[ \t]*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
    const location = /(?:^|\r\n)content-location:[ \t]*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
    return { ...(contentType ? { contentType } : {}), ...(location ? { location } : {}) };
  }

  /** The next bytes of the current part (a view, valid until the next call), or undefined at its end. */
  async nextChunk(): Promise<Uint8Array | undefined> {
    while (this.state === 'body') {
      const at = indexOf(this.buffer, this.delimiter, 0);
      if (at >= 0) {
        const chunk = this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        return chunk.length ? chunk : undefined;
      }
      // Everything but a tail that could be the start of the delimiter is the part's.
      const safe = this.buffer.length - this.delimiter.length + 1;
      if (safe > 0) {
        const chunk = this.buffer.subarray(0, safe);
        this.buffer = this.buffer.subarray(safe);
        return chunk;
      }
      if (!(await this.fill())) throw truncated();
    }
    return undefined;
  }
}

function truncated(): HostError {
  return new HostError(400, 'bad-request', 'the multipart body ends before its closing boundary');
}

/**
 * A streamed multipart/related body from its Content-Type and a source of its bytes. Throws
 * (400) at once when the Content-Type names no boundary; a malformed body fails as it is read.
 */
export function readMultipartStream(source: ByteSource, contentType: string): StreamedMultipartBody {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const type = /type="?([^";]+)"?/i.exec(contentType)?.[1] ?? 'application/octet-stream';
  if (!/^\s*multipart\/related\b/i.test(contentType) || !boundary) {
    throw new HostError(415, 'unsupported-media-type', 'the request body must be multipart/related with a boundary (PS3.18 8.6.1.2)');
  }
  const reader = new MultipartReader(source, boundary);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let chunk = await reader.nextChunk(); chunk; chunk = await reader.nextChunk()) yield chunk;
  }
  async function* parts(): AsyncGenerator<StreamedPart> {
    for (let headers = await reader.nextPart(); headers; headers = await reader.nextPart()) {
      yield { contentType: headers.contentType ?? type, ...(headers.location ? { location: headers.location } : {}), chunks: chunks() };
    }
  }
  return { type, parts: parts() };
}
