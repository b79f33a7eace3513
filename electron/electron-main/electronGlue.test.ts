// The Electron binary cannot exist on this machine (its installer downloads it), so this test
// replaces the `electron` module with a recorder: it checks what the thin layer asks Electron to
// do. Everything the layer delegates to is tested for real in electron/node.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  privileges: [] as unknown[],
  handlers: new Map<string, (r: Request) => Promise<Response>>(),
  appListeners: new Map<string, (...a: unknown[]) => void>(),
}));

vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privileges.push(...schemes),
    handle: (scheme: string, handler: (r: Request) => Promise<Response>) => recorded.handlers.set(scheme, handler),
  },
  app: { on: (name: string, fn: (...a: unknown[]) => void) => recorded.appListeners.set(name, fn) },
  shell: { openExternal: vi.fn() },
  // A stand-in keychain: reversible, and visibly not the plain text.
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (s: string) => Buffer.from(`sealed:${[...s].reverse().join('')}`),
    decryptString: (b: Buffer) => [...b.toString().slice('sealed:'.length)].reverse().join(''),
  },
}));

const { APP_ORIGIN, handleAppScheme, registerAppSchemePrivileges } = await import('./appScheme');
const { enforceNavigationPolicy, SECURE_WEB_PREFERENCES } = await import('./windowSecurity');
const { createSafeStorageSecretBox } = await import('./safeStorageSecretBox');

describe('Electron glue (electron module mocked: no binary here)', () => {
  beforeEach(() => recorded.handlers.clear());

  it('registers lightbox:// as a privileged, secure, fetch- and stream-capable scheme', () => {
    registerAppSchemePrivileges();
    expect(recorded.privileges).toContainEqual({
      scheme: 'lightbox',
      privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, stream: true }),
    });
  });

  it('routes lightbox://app to the shared handler and refuses other hosts', async () => {
    const seen: string[] = [];
    handleAppScheme(async (r) => {
      seen.push(r.url);
      return new Response('ok');
    });
    const handler = recorded.handlers.get('lightbox')!;
    expect(await (await handler(new Request(`${APP_ORIGIN}/api/host`))).text()).toBe('ok');
    expect((await handler(new Request('lightbox://evil/api/host'))).status).toBe(404);
    expect(seen).toEqual(['lightbox://app/api/host']);
  });

  it('uses the security baseline for every window', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('blocks navigation away from the app and every window.open', () => {
    enforceNavigationPolicy();
    const contentsListeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }, url: string) => void) => contentsListeners.set(name, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    };
    recorded.appListeners.get('web-contents-created')!({}, contents);
    const navigate = (url: string): boolean => {
      let prevented = false;
      contentsListeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('lightbox://app/index.html?display=2')).toBe(false);
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'lightbox://app/' })).toEqual({ action: 'deny' });
  });

  it('seals PACS credentials with safeStorage: never plain in the settings, opened again by the app', () => {
    const box = createSafeStorageSecretBox();
    const sealed = box.seal('Bearer s3cret-token');
    expect(sealed.scheme).toBe('os');
    expect(sealed.value).not.toContain('s3cret');
    expect(box.open(sealed)).toBe('Bearer s3cret-token');
    expect(box.open({ scheme: 'plain', value: 'Basic abc' })).toBe('Basic abc');
  });
});
