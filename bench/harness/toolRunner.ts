/**
 * Runs peer tools (dcmtk, gdcm, OpenJPH…) from one helper process started once, before anything
 * is measured. A process that forks marks every page of its memory copy-on-write, and its next
 * write to each page then faults: one `execFileSync('true')` right before a sample measured our
 * RLE decoder at 150–230 MB/s instead of 360–470. Spawning the peers from the benchmark process
 * between its own samples would charge that to us.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

type Answer = { id: number; ms?: number; pid?: number; error?: string };

export class ToolRunner {
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: Answer) => void>();

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      this.waiting.get(answer.id)?.(answer);
      this.waiting.delete(answer.id);
    });
  }

  static start(): ToolRunner {
    const child = spawn(process.execPath, [new URL('./toolRunnerChild.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
    return new ToolRunner(child);
  }

  private ask(request: Record<string, unknown>): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (answer) => (answer.error ? reject(new Error(answer.error)) : resolve(answer)));
      this.child.stdin!.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  /** Runs the commands one after another; their time in ms, measured in the helper. */
  async runAll(runs: Array<[string, string[]]>, env?: Record<string, string>): Promise<number> {
    return (await this.ask({ op: 'run', runs, env })).ms!;
  }

  run(cmd: string, args: string[], env?: Record<string, string>): Promise<number> {
    return this.runAll([[cmd, args]], env);
  }

  /** Starts a long-running peer (a server); its pid. */
  async start(cmd: string, args: string[], env?: Record<string, string>): Promise<number> {
    return (await this.ask({ op: 'start', cmd, args, env })).pid!;
  }

  async kill(pid: number): Promise<void> {
    await this.ask({ op: 'kill', pid });
  }

  close(): void {
    this.child.stdin!.end();
  }
}
