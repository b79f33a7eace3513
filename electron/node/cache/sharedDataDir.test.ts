import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { StudyCache } from './studyCache';

// The app, the CLI and the Storage SCP open the same data folder at once. Opening a cache must
// not disturb another process's (or instance's) write in progress — the outage test found a
// retrieve failing because a polling reader reopened the cache mid-receive.

let dir: string;
let files: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-shared-dir-'));
  await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], currentOnly: true, seed: 'shared' });
  files = await listDicomFiles(path.join(dir, 'gen'));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a data folder shared by several caches', () => {
  it('a cache opened while another receives leaves the receive intact', () => {
    const data = path.join(dir, 'data');
    const receiving = new StudyCache(data);
    const bytes = new Uint8Array(readFileSync(files[0]!));
    const incoming = receiving.beginIncoming('test');
    incoming.write(bytes.subarray(0, 1000));
    // Another process (here: another instance) opens the same folder mid-transfer, and closes it.
    new StudyCache(data).close();
    incoming.write(bytes.subarray(1000));
    const [outcome] = receiving.storeReceived([incoming.finish()]);
    expect(outcome).toMatchObject({ status: 'stored' });
    expect(receiving.index.counts().instances).toBe(1);
    receiving.close();
  });
});
