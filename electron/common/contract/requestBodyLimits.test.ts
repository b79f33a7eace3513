import { describe, expect, it } from 'vitest';
import { bodyWithin, formatBytes, textWithin } from './requestBodyLimits';

/** A request whose body is `count` chunks of `size` bytes, made as they are pulled; counts the pulls. */
function streamedRequest(count: number, size: number, headers: Record<string, string> = {}): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === count) return controller.close();
        pulled++;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request('http://127.0.0.1/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled };
}

describe('request body limits', () => {
  it('refuses a Content-Length over the limit before reading a byte', async () => {
    const { request, pulled } = streamedRequest(100, 1024, { 'content-length': String(100 * 1024) });
    expect(() => bodyWithin(request, 50 * 1024, 'the STOW-RS request')).toThrow(expect.objectContaining({ status: 413, message: 'the STOW-RS request is larger than the 50 KiB this host takes' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(pulled()).toBe(0);
  });

  it('stops a body without a length as soon as it passes the limit', async () => {
    const { request, pulled } = streamedRequest(1000, 1024);
    await expect(textWithin(request, 10 * 1024, 'the JSON request body')).rejects.toMatchObject({ status: 413, code: 'too-large' });
    expect(pulled()).toBe(11);
  });

  it('reads a body within the limit whole', async () => {
    const { request } = streamedRequest(10, 1024);
    expect((await textWithin(request, 10 * 1024, 'the body')).length).toBe(10 * 1024);
  });

  it('writes limits as people set them', () => {
    expect([formatBytes(512), formatBytes(1 << 20), formatBytes(2 * 1024 ** 3), formatBytes(1536)]).toEqual(['512 bytes', '1 MiB', '2 GiB', '1.5 KiB']);
  });
});
