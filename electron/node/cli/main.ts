import { auditCommand } from './commands/auditCommand';
import { benchCommand } from './commands/benchCommand';
import { cacheCommand } from './commands/cacheCommand';
import { decodeCommand } from './commands/decodeCommand';
import { deidentifyCommand } from './commands/deidentifyCommand';
import { dumpCommand } from './commands/dumpCommand';
import { exportCommand } from './commands/exportCommand';
import { suvCommand } from './commands/suvCommand';
import { resultsCommand } from './commands/resultsCommand';
import { keyImagesCommand } from './commands/keyImagesCommand';
import { exportSrCommand } from './commands/exportSrCommand';
import { generateCommand } from './commands/generateCommand';
import { importCommand } from './commands/importCommand';
import { lsCommand } from './commands/lsCommand';
import { serveCommand } from './commands/serveCommand';
import { openCommand } from './commands/openCommand';
import { hangCommand } from './commands/hangCommand';
import { protocolsCommand } from './commands/protocolsCommand';
import { echoCommand } from './commands/pacs/echoCommand';
import { findCommand } from './commands/pacs/findCommand';
import { nodesCommand } from './commands/pacs/nodesCommand';
import { outboxCommand } from './commands/pacs/outboxCommand';
import { prefetchCommand } from './commands/pacs/prefetchCommand';
import { retrieveCommand } from './commands/pacs/retrieveCommand';
import { scpCommand } from './commands/pacs/scpCommand';
import { sendCommand } from './commands/pacs/sendCommand';
import { worklistCommand } from './commands/pacs/worklistCommand';
import { CliUsageError, type CliCommand, type CliContext } from './cliTypes';
import { resolveDataDir } from '../config/dataDir';
import { LIGHTBOX_VERSION } from '../host/version';

/** Every subcommand; later capabilities register theirs here. */
export const commands: CliCommand[] = [
  serveCommand,
  openCommand,
  hangCommand,
  protocolsCommand,
  importCommand,
  lsCommand,
  cacheCommand,
  auditCommand,
  nodesCommand,
  echoCommand,
  findCommand,
  retrieveCommand,
  prefetchCommand,
  worklistCommand,
  sendCommand,
  outboxCommand,
  scpCommand,
  dumpCommand,
  decodeCommand,
  suvCommand,
  deidentifyCommand,
  exportCommand,
  resultsCommand,
  keyImagesCommand,
  exportSrCommand,
  generateCommand,
  benchCommand,
];

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  untilStopped: Promise<void>;
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Lightbox ${LIGHTBOX_VERSION} — diagnostic imaging workstation`,
    '',
    'Usage: lightbox [--data-dir DIR] <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --data-dir DIR  data folder (default: $LIGHTBOX_DATA_DIR, else the OS per-user app data folder,',
    '                  the same one the desktop app uses)',
    '  --help, -h      this help; `lightbox <command> --help` for a command',
    '  --version       print the version',
    '',
  ].join('\n');
}

/** Splits global options (anywhere before or after the command) from the command's own arguments. */
function splitGlobals(argv: string[]): { dataDir?: string; help: boolean; version: boolean; rest: string[] } {
  const rest: string[] = [];
  let dataDir: string | undefined;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--data-dir') {
      dataDir = argv[++i];
      if (dataDir === undefined) throw new CliUsageError('--data-dir needs a folder');
    } else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--version' && rest.length === 0) version = true;
    else rest.push(arg);
  }
  return { dataDir, help, version, rest };
}

/** Runs the CLI; returns the exit code. Errors go to stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let command: CliCommand | undefined;
  try {
    const { dataDir, help, version, rest } = splitGlobals(argv);
    if (version) {
      io.stdout.write(`${LIGHTBOX_VERSION}\n`);
      return 0;
    }
    const [name, ...args] = rest;
    if (!name) {
      (help ? io.stdout : io.stderr).write(helpText());
      return help ? 0 : 2;
    }
    command = commands.find((c) => c.name === name);
    if (!command) throw new CliUsageError(`unknown command "${name}" (see lightbox --help)`);
    if (help) {
      io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return 0;
    }
    const context: CliContext = { args, dataDir: resolveDataDir({ flag: dataDir, env: io.env }), ...io };
    return await command.run(context);
  } catch (error) {
    const usage = error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr.write(`lightbox${command ? ` ${command.name}` : ''}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (usage && command) io.stderr.write(`Usage: ${command.usage}\n`);
    return usage ? 2 : 1;
  }
}
