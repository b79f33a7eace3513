import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textSink } from '../../../../../testing/node/textSink';
import { runCli } from '../../main';
import { worklistDate } from './worklistCommand';

async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  const [out, err] = [textSink(), textSink()];
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stderr: err.text() };
}

describe('lightbox worklist (arguments)', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('--date: today and tomorrow are the local calendar days (across a month end); dates and ranges pass as DICOM matching values', () => {
    const evening = new Date(2026, 0, 31, 23, 30);
    expect(worklistDate('today', evening)).toBe('20260131');
    expect(worklistDate('tomorrow', evening)).toBe('20260201');
    for (const value of ['20261203', '20261201-20261231', '20261201-', '-20261231']) expect(worklistDate(value)).toBe(value);
    for (const bad of ['2026-12-03', '202612', 'yesterday', '20261201-2026']) expect(() => worklistDate(bad)).toThrow(/--date/);
  });

  it('says what is missing before asking anyone: no worklist node; --prefetch with no node to fetch from', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-worklist-args-'));
    dirs.push(dataDir);
    const none = await cli(['--data-dir', dataDir, 'worklist']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no node serves a worklist: add one with lightbox nodes add NAME AET@HOST:PORT --worklist/);
    // Port 9 (discard): nothing answers there, and nothing is asked.
    expect((await cli(['--data-dir', dataDir, 'nodes', 'add', 'ris', 'RIS@127.0.0.1:9', '--worklist'])).code).toBe(0);
    const prefetch = await cli(['--data-dir', dataDir, 'worklist', '--prefetch']);
    expect(prefetch.code).toBe(2);
    expect(prefetch.stderr).toMatch(/no node to fetch the studies from/);
    expect((await cli(['--data-dir', dataDir, 'worklist', '--from', 'ris'])).stderr).toMatch(/go with --prefetch/);
  });
});
