/** What every subcommand receives: its own arguments and the global options. */
export interface CliContext {
  args: string[];
  dataDir: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM) — long-running commands await it. */
  untilStopped: Promise<void>;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(context: CliContext): Promise<number>;
}

/** A wrong command line: printed with the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
