import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostClient, HostRequestError, type HostClient } from '../../common/contract/hostClient';
import { EVENTS_PATH, type HostEvent } from '../../common/contract/hostContract';
import { createHost, type Host } from '../host/createHost';
import { createVirtualDisplayService } from '../host/displayService';
import { startBrowserModeServer, type BrowserModeServer } from './browserModeServer';
import { TOKEN_COOKIE } from './loopbackAuth';

const TOKEN = 'test-token-0123456789abcdef';
let dataDir: string;
let host: Host;
let server: BrowserModeServer;
let client: HostClient;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-server-'));
  host = createHost({ mode: 'browser', dataDir, displays: createVirtualDisplayService(2) });
  server = await startBrowserModeServer({ handle: host.handle, token: TOKEN });
  client = createHostClient({ baseUrl: server.origin, transport: (r) => fetch(r), headers: { authorization: `Bearer ${TOKEN}` } });
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('host contract round trip over the loopback HTTP adapter', () => {
  it('answers getHostInfo with this host', async () => {
    const info = await client.call('getHostInfo');
    expect(info).toMatchObject({ product: 'Lightbox', mode: 'browser', dataDir });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists the virtual displays, side by side', async () => {
    const displays = await client.call('listDisplays');
    expect(displays.map((d) => [d.id, d.bounds.x, d.primary])).toEqual([
      ['1', 0, true],
      ['2', 1920, false],
    ]);
  });

  it('searches an empty catalog and rejects a bad limit with 400', async () => {
    expect(await client.call('searchStudies', { query: { patientName: 'DOE*' } })).toEqual([]);
    await expect(client.call('searchStudies', { query: { limit: -3 } })).rejects.toMatchObject({ status: 400, code: 'bad-request' });
  });

  it('returns typed errors: 404 for an unknown study, 400 for a non-UID', async () => {
    const unknown = client.call('wadoStudyMetadata', { params: { studyUid: '1.2.3.4' } });
    await expect(unknown).rejects.toBeInstanceOf(HostRequestError);
    await expect(unknown).rejects.toMatchObject({ status: 404, code: 'not-found' });
    await expect(client.call('wadoStudyMetadata', { params: { studyUid: '../../etc/passwd' } })).rejects.toMatchObject({ status: 400 });
    await expect(
      client.call('getFrame', { params: { studyUid: '1.2', seriesUid: '1.3', instanceUid: '1.4', frame: '0' } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('refuses to open a study that is not cached, and says so', async () => {
    const result = await client.call('openStudy', { body: { accessionNumber: 'ACC-404' } });
    expect(result).toEqual({ accepted: false, message: 'Accession number ACC-404 is not in the local cache' });
    await expect(client.call('openStudy', { body: {} })).rejects.toMatchObject({ status: 400 });
  });

  it('answers 405 for a wrong method and 404 for an unknown route', async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${server.origin}/api/host`, { method: 'DELETE', headers })).status).toBe(405);
    expect((await fetch(`${server.origin}/api/nothing-here`, { headers })).status).toBe(404);
  });

  it('delivers host events over Server-Sent Events', async () => {
    const abort = new AbortController();
    const response = await fetch(`${server.origin}${EVENTS_PATH}`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: abort.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // ": connected"
    const sent: HostEvent = { type: 'onDidOpenStudy', studyInstanceUid: '1.2.840.1' };
    host.events.emit(sent);
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    expect(JSON.parse(text.replace(/^data: /, '').trim())).toEqual(sent);
    abort.abort();
  });
});

describe('launch token (browser mode security)', () => {
  it('answers 401 without a token, and with a wrong one', async () => {
    for (const headers of <Record<string, string>[]>[{}, { authorization: 'Bearer wrong-token-0123456789abc' }, { cookie: `${TOKEN_COOKIE}=nope` }]) {
      const response = await fetch(`${server.origin}/api/host`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toMatchObject({ code: 'unauthorized' });
    }
    // The page itself is protected too: no shell, no script, without the token.
    expect((await fetch(`${server.origin}/`)).status).toBe(401);
  });

  it('trades the launch URL for an HttpOnly cookie and drops the token from the address', async () => {
    const first = await fetch(server.launchUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withCookie = await fetch(`${server.origin}/api/host`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.origin}/api/host`, { headers: { host: 'evil.example:80', authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});
