import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { orthancReceipts, type OrthancReceipts } from '../../../testing/node/orthancReceipts';
import { missingHere } from '../../../testing/node/requiredInCi';

// Issue 19's acceptance test: `lightbox outbox drain` processes killed with SIGKILL at random
// points, several rounds, then a final drain: every instance ends at Orthanc exactly once. Orthanc
// counts an instance once however often it arrives, so its Lua hook records every arrival
// (testing/node/orthancReceipts.ts) and duplicates are seen.
//
// Half of the killed drains are left unreaped (a zombie, as under a supervisor or container init
// that does not wait for its children): their process ids still answer `kill(pid, 0)`, which is
// what kept a PID-owned claim "alive" for ever. In the last round a drain runs to its end while the
// killed one's lease still holds: what it prints and its exit code must be the truth.

const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const LEASE_S = 3;
const ROUNDS = 4;
let dir: string;
let dataDir: string;
let orthanc: OrthancPeer;
let receipts: OrthancReceipts;
let studyUid: string;
let sops: string[];
/** `sleep` processes holding killed drains as zombies; killed when the suite ends. */
const reapers: ChildProcess[] = [];

interface Drain {
  pid: number;
  output: () => string;
  /** Resolves with the exit code (only for a drain we reap). */
  done?: Promise<number>;
  ended: () => boolean;
}

function drainArgs(extra: string[] = []): string[] {
  return [BIN, '--data-dir', dataDir, 'outbox', 'drain', '--lease', String(LEASE_S), ...extra];
}

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return () => out;
}

/** A drain we reap as Node does: killed, it is gone. */
function reapedDrain(extra: string[] = []): Drain {
  const child = spawn(process.execPath, drainArgs(extra), { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  let ended = false;
  const done = new Promise<number>((resolve) => child.on('close', (code) => ((ended = true), resolve(code ?? -1))));
  return { pid: child.pid!, output, done, ended: () => ended };
}

/** A drain whose parent never waits for it: `sh` starts it, then becomes `sleep`. Killed, it stays a zombie. */
async function unreapedDrain(): Promise<Drain> {
  const reaper = spawn('/bin/sh', ['-c', '"$0" "$@" & echo "pid=$!"; exec sleep 900', process.execPath, ...drainArgs()], { stdio: ['ignore', 'pipe', 'pipe'] });
  reapers.push(reaper);
  const output = collect(reaper);
  const started = Date.now();
  while (!/pid=(\d+)/.test(output())) {
    if (Date.now() - started > 10_000) throw new Error(`the drain did not start: ${output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const pid = Number(/pid=(\d+)/.exec(output())![1]);
  return { pid, output, ended: () => processState(pid) !== 'running' };
}

/** From /proc: a zombie still has a process id (kill(pid, 0) succeeds) but runs nothing. */
function processState(pid: number): 'running' | 'zombie' | 'gone' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? 'zombie' : 'running';
  } catch {
    return 'gone';
  }
}

function outboxStates(): Record<string, number> {
  const cache = new StudyCache(dataDir, 'test');
  try {
    const rows = cache.index.db.prepare('SELECT state, count(*) n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
    return Object.fromEntries([['queued', 0], ['sending', 0], ['sent', 0], ['failed', 0], ...rows.map((r) => [r.state, r.n])]);
  } finally {
    cache.close();
  }
}

/** Waits until the drain has claimed or sent something (or ended), so that a kill lands in its work, not its start-up. */
async function untilWorking(drain: Drain, before: Record<string, number>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const now = outboxStates();
    if (now.sent! > before.sent! || now.sending! > before.sending! || drain.ended()) return;
    if (Date.now() > deadline) throw new Error(`the drain never started sending: ${drain.output()}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, out: output() };
}

async function orthancSops(): Promise<string[]> {
  const found = await (await fetch(`${orthanc.httpUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Instance', Query: {}, Expand: true }) })).json();
  return (found as { MainDicomTags: { SOPInstanceUID: string } }[]).map((i) => i.MainDicomTags.SOPInstanceUID).sort();
}

describe.skipIf(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin'))('outbox drains killed with SIGKILL: each instance at the PACS exactly once', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-outbox-kill-'));
    dataDir = path.join(dir, 'data');
    receipts = await orthancReceipts(dir);
    orthanc = await startOrthanc({ luaScripts: [receipts.script] });
    const generated = await generateSyntheticStudies({ outDir: path.join(dir, 'study'), preset: GENERATE_PRESETS.tiny!, seed: 'outbox-kill', onlySeries: ['axial-soft-thin', 'axial-lung-thin', 'axial-soft-thick'], currentOnly: true });
    studyUid = generated.studies[0]!.studyInstanceUid;
    const cache = new StudyCache(dataDir);
    await importPaths(cache, [path.join(dir, 'study')]);
    sops = cache.index.instancesOfStudy(studyUid).map((i) => i.sopUid).sort();
    cache.close();
    expect(sops.length).toBeGreaterThanOrEqual(100);
    for (const args of [['nodes', 'add', 'pacs', `${orthanc.aeTitle}@127.0.0.1:${orthanc.dicomPort}`], ['send', 'pacs', studyUid, '--queue-only']]) {
      const r = await cli(args);
      expect(r.code, r.out).toBe(0);
    }
    expect(outboxStates()).toMatchObject({ queued: sops.length });
  }, 240_000);
  afterAll(async () => {
    for (const reaper of reapers) reaper.kill('SIGKILL');
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`${ROUNDS} rounds of drains killed at random points, then a final drain: all there, none twice, every report true`, async () => {
    const kills: string[] = [];
    const kill = async (drain: Drain, label: string): Promise<void> => {
      const before = outboxStates();
      await untilWorking(drain, before);
      const delay = Math.floor(Math.random() * 2000);
      await new Promise((r) => setTimeout(r, delay));
      const wasRunning = !drain.ended();
      if (wasRunning) process.kill(drain.pid, 'SIGKILL');
      await drain.done;
      while (!drain.ended()) await new Promise((r) => setTimeout(r, 5));
      const after = outboxStates();
      kills.push(`${label}: killed ${delay} ms into its work${wasRunning ? '' : ' (had ended)'}; outbox then ${JSON.stringify(after)}`);
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Each round begins once the last round's leases ran out: its drains recover what those held
      // (asking the PACS first), and may be killed while they do.
      if (round > 0) await new Promise((r) => setTimeout(r, LEASE_S * 1000 + 100));
      // A: killed; every other round left unreaped.
      const a = round % 2 === 0 ? await unreapedDrain() : reapedDrain();
      await kill(a, `round ${round} drain A (${round % 2 === 0 ? 'unreaped' : 'reaped'})`);
      if (round % 2 === 0) expect(processState(a.pid)).toBe('zombie');
      if (round < ROUNDS - 1) {
        await kill(reapedDrain(), `round ${round} drain B`);
        continue;
      }
      // The last B runs to its end while A's lease still holds: it must not claim what is left is gone.
      const b = reapedDrain();
      const code = await b.done!;
      const left = outboxStates();
      const printedQueued = Number(/(\d+) still queued/.exec(b.output())?.[1] ?? NaN);
      const printedLeased = Number(/(\d+) leased by another drain/.exec(b.output())?.[1] ?? 0);
      kills.push(`round ${round} drain B ran to its end: exit ${code}; ${b.output().trim()}; outbox then ${JSON.stringify(left)}`);
      expect.soft(printedQueued + printedLeased, `what the drain said is left vs the outbox\n${kills.join('\n')}`).toBe(left.queued! + left.sending!);
      expect.soft(code === 0, `exit code ${code} with ${left.queued} queued and ${left.sending} sending left\n${kills.join('\n')}`).toBe(left.queued! + left.sending! === 0);
    }
    // The final drain waits for the killed drains' leases to run out, asks the PACS about what they held, sends the rest.
    const final = reapedDrain(['--wait']);
    const code = await final.done!;
    kills.push(`final drain: exit ${code}; ${final.output().trim()}`);
    const report = kills.join('\n');
    expect.soft(code, report).toBe(0);
    expect.soft(final.output(), report).toMatch(/left: 0 still queued, 0 leased by another drain, 0 failed/);
    expect.soft(outboxStates(), report).toMatchObject({ queued: 0, sending: 0, failed: 0, sent: sops.length });
    // At Orthanc: every instance, and each received exactly once.
    const there = await orthancSops();
    expect.soft(sops.filter((s) => !there.includes(s)).length, `instances missing at Orthanc\n${report}`).toBe(0);
    expect.soft(there, report).toEqual(sops);
    const received = await receipts.counts();
    const twice = sops.filter((s) => (received.get(s) ?? 0) > 1);
    expect.soft(twice.length, `instances Orthanc received more than once\n${report}`).toBe(0);
    console.log(`[outbox kill] ${sops.length} instances; ${there.length} at Orthanc; ${twice.length} received twice\n${report}`);
  }, 300_000);
});
