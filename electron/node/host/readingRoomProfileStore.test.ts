import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisplayInfo } from '../../common/contract/hostContract';
import { createHost } from './createHost';
import { createVirtualDisplayService } from './displayService';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-room-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const call = async (host: ReturnType<typeof createHost>, method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
  const response = await host.handle(new Request(`http://127.0.0.1/api/${route}`, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) }));
  return { status: response.status, json: await response.json() };
};
const roles = (displays: unknown): string[] => (displays as DisplayInfo[]).map((d) => `${d.id}:${d.role}`);

describe('reading-room profile', () => {
  it('numbers diagnostic displays left to right until told otherwise, and keeps the roles given across restarts', async () => {
    const host = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(3) });
    expect(roles((await call(host, 'GET', 'displays')).json)).toEqual(['1:diagnostic', '2:diagnostic-2', '3:diagnostic-3']);
    const events: string[] = [];
    host.events.onDidEmit((e) => events.push(e.type));
    const set = await call(host, 'PUT', 'displays/roles', { roles: { '1': 'worklist', '3': 'diagnostic' } });
    expect(roles(set.json)).toEqual(['1:worklist', '2:diagnostic-2', '3:diagnostic']);
    expect(events).toEqual(['onDidChangeDisplays']);
    // A new start of the host on the same data: the same monitors keep their roles.
    const again = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(3) });
    expect(roles((await call(again, 'GET', 'displays')).json)).toEqual(['1:worklist', '2:diagnostic-2', '3:diagnostic']);
    // Other monitors on the same ids (another size): they do not inherit the roles.
    const other = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(3, 2560, 1440) });
    expect(roles((await call(other, 'GET', 'displays')).json)).toEqual(['1:diagnostic', '2:diagnostic-2', '3:diagnostic-3']);
  });

  it('refuses unknown displays and malformed roles with the reason', async () => {
    const host = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(2) });
    expect(await call(host, 'PUT', 'displays/roles', { roles: { '7': 'worklist' } })).toMatchObject({ status: 400, json: { error: 'no display 7 (displays: 1, 2)' } });
    expect(await call(host, 'PUT', 'displays/roles', { roles: { '1': 'Left Monitor!' } })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/^role "Left Monitor!" must be lower-case/) } });
  });
});
