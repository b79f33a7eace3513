import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textSink } from '../../../../testing/node/textSink';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../../synthetic/generateSyntheticStudies';
import { runCli } from '../main';
import type { StudySummary } from '../../../common/contract/hostContract';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [textSink(), textSink()];
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text(), stderr: err.text() };
}

let dir: string;
let manifest: GeneratedManifest;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-ls-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, seed: 'ls-status' });
  expect((await cli(['--data-dir', path.join(dir, 'data'), 'import', path.join(dir, 'gen')])).code).toBe(0);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('lightbox ls', () => {
  it('searches by text and reading status, shows the status, refuses an unknown status', async () => {
    const data = ['--data-dir', path.join(dir, 'data')];
    const prior = manifest.studies[1]!;
    const byText = await cli([...data, 'ls', '--text', prior.accessionNumber.toLowerCase(), '--json']);
    expect(byText.code).toBe(0);
    expect((JSON.parse(byText.stdout) as StudySummary[]).map((s) => [s.studyInstanceUid, s.readingStatus])).toEqual([[prior.studyInstanceUid, 'unread']]);
    const unread = await cli([...data, 'ls', '--status', 'unread']);
    expect(unread.stdout.trim().split('\n')).toHaveLength(manifest.studies.length);
    expect(unread.stdout).toMatch(/ unread +SYNTHETIC/);
    expect((await cli([...data, 'ls', '--status', 'read'])).stdout).toBe('');
    const wrong = await cli([...data, 'ls', '--status', 'done']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('got "done"');
    expect((await cli([...data, 'ls', '--date', '2026-11-20'])).stderr).toContain('studyDate must be');
  });
});
