import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { forwardRequest } from '../../electron/node/hostProcess/forwardRequest';
import type { Benchmark } from '../harness/benchmarkTypes';
import { summarize } from '../harness/stats';

const FRAMES = 600;
const FRAME_BYTES = 512 * 512 * 2;
const IN_FLIGHT = 8;
const ROUNDS = 5;

interface Pass {
  ms: number;
  /** CPU time of this process (the main process's side) per frame, µs. */
  cpuPerFrameUs: number;
  maxDelayMs: number;
}

/** Runs `frames` requests `IN_FLIGHT` at a time, each read to its end, as main passes them to a window. */
async function pass(fetchFrame: () => Promise<number>): Promise<Pass> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let left = FRAMES;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (left-- > 0) if ((await fetchFrame()) !== FRAME_BYTES) throw new Error('short frame');
    }),
  );
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  delay.disable();
  return { ms, cpuPerFrameUs: Math.round((used.user + used.system) / FRAMES), maxDelayMs: Math.round(delay.max / 1e4) / 100 };
}

async function drain(body: ReadableStream<Uint8Array> | null): Promise<number> {
  let n = 0;
  if (body) for await (const chunk of body) n += chunk.length;
  return n;
}

/**
 * How main should carry the renderer's requests to the host process, measured: the two designs
 * the desktop issue names — main's scheme handler forwarding to the host's loopback HTTP server
 * (fetch, or node:http), and a message channel carrying structured-clone copies of each frame (a
 * MessagePort from the utility process; Node's advanced-serialisation IPC here, Electron's
 * MessagePortMain being unavailable without the binary) — for 600 frames of 512 KiB served from
 * memory by a child process, so that only the transport differs.
 */
export const transportBench: Benchmark = {
  name: 'host-transport-frames',
  description: `main ⇄ host process transport: ${FRAMES} frames of ${FRAME_BYTES / 1024} KiB, ${IN_FLIGHT} in flight, read to the end in the main-side process — forwarding to loopback HTTP (fetch, as shipped) vs a structured-clone message channel`,
  async run() {
    const child = fork(new URL('../transport/frameServerChild.mjs', import.meta.url).pathname, [String(FRAME_BYTES)], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number })));
    const origin = `http://127.0.0.1:${port}`;
    let nextId = 1;
    const waiting = new Map<number, (bytes: Uint8Array) => void>();
    child.on('message', (m: { id?: number; bytes?: Uint8Array }) => {
      if (m.id !== undefined) waiting.get(m.id)?.(m.bytes!);
      waiting.delete(m.id!);
    });
    const viaFetch = async (): Promise<number> => drain((await forwardRequest(new Request('lightbox://app/frame'), { origin, token: 'x' })).body);
    const viaHttp = (): Promise<number> =>
      new Promise((resolve, reject) => {
        httpRequest(`${origin}/frame`, (res) => void drain(Readable.toWeb(res) as ReadableStream<Uint8Array>).then(resolve, reject)).on('error', reject).end();
      });
    const viaMessages = (): Promise<number> =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, (bytes) => resolve(bytes.byteLength));
        child.send({ id });
      });
    try {
      const runs: Record<'fetch' | 'http' | 'messages', Pass[]> = { fetch: [], http: [], messages: [] };
      for (const warm of [viaFetch, viaHttp, viaMessages]) await pass(warm);
      for (let k = 0; k < ROUNDS; k++) {
        runs.fetch.push(await pass(viaFetch));
        runs.http.push(await pass(viaHttp));
        runs.messages.push(await pass(viaMessages));
      }
      const mb = (FRAMES * FRAME_BYTES) / 2 ** 20;
      const rate = (passes: Pass[]): number[] => passes.map((p) => Math.round((mb / (p.ms / 1000)) * 10) / 10);
      const ours = summarize('forwarding to the host’s loopback HTTP with fetch (shipped)', 'MB/s', rate(runs.fetch));
      const peer = summarize('structured-clone message channel (MessagePort-style)', 'MB/s', rate(runs.messages));
      const describe = (name: string, passes: Pass[]): string =>
        `${name}: ${rate(passes).join(', ')} MB/s; main-side CPU ${passes.map((p) => p.cpuPerFrameUs).join(', ')} µs per frame; main's max event-loop delay ${passes.map((p) => p.maxDelayMs).join(', ')} ms`;
      return {
        ours,
        peer,
        ratio: Math.round((ours.median / peer.median) * 100) / 100,
        ratioMeaning: 'higher is better: loopback HTTP forwarding MB/s ÷ message-channel MB/s',
        notes: [describe('fetch', runs.fetch), describe('node:http', runs.http), describe('messages', runs.messages), 'frames served from memory by a child process: only the transport is measured'],
      };
    } finally {
      child.send('exit');
    }
  },
};
