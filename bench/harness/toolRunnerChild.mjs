// The tool runner's helper process (toolRunner.ts): runs peer tools on request, so that the
// benchmark process itself never forks while it measures. Requests and answers are JSON lines.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

const started = new Map();
const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line);
  const env = { ...process.env, ...request.env };
  try {
    if (request.op === 'run') {
      // Each run in turn; the time of all of them, measured here.
      const t0 = performance.now();
      for (const [cmd, args] of request.runs) {
        const result = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
        if (result.status !== 0) throw new Error(`${cmd} exited with ${result.status ?? result.signal}: ${String(result.stderr).slice(0, 300)}`);
      }
      reply({ id: request.id, ms: performance.now() - t0 });
    } else if (request.op === 'start') {
      const child = spawn(request.cmd, request.args, { env, stdio: 'ignore' });
      started.set(child.pid, child);
      child.once('exit', () => started.delete(child.pid));
      reply({ id: request.id, pid: child.pid });
    } else if (request.op === 'kill') {
      started.get(request.pid)?.kill();
      reply({ id: request.id });
    }
  } catch (error) {
    reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
process.stdin.on('end', () => {
  for (const child of started.values()) child.kill();
  process.exit(0);
});
