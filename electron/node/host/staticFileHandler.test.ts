import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticFileHandler } from './staticFileHandler';

let dir: string;
let serve: (r: Request) => Promise<Response>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-static-'));
  await mkdir(path.join(dir, 'app', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'app', 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(path.join(dir, 'app', 'assets', 'a.js'), 'export {}');
  await writeFile(path.join(dir, 'secret.txt'), 'patient data');
  serve = createStaticFileHandler(path.join(dir, 'app'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (p: string) => serve(new Request(`http://127.0.0.1:1${p}`));

describe('static file handler', () => {
  it('serves index.html with the CSP and assets as immutable', async () => {
    const html = await get('/');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html.headers.get('content-security-policy')).not.toContain("'unsafe-eval'");
    const js = await get('/assets/a.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
  });

  it('never serves a file outside the root', async () => {
    for (const p of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%00', '/..%5csecret.txt']) {
      const r = await get(p);
      expect([400, 403, 404]).toContain(r.status);
      expect(await r.text()).not.toContain('patient data');
    }
  });

  it('says the renderer is not built when its folder is missing', async () => {
    const r = await createStaticFileHandler(path.join(dir, 'nope'))(new Request('http://h/'));
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build');
  });
});
