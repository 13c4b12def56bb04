/**
 * `lstm-lens`: train, generate, trace and export from the command line, on the same core as
 * the extension. Usage mistakes and unreadable files print one line and exit with 2; other
 * failures (a diverging run) print one line and exit with 1.
 */
import { EXPORT_USAGE, exportCommand } from './exportCommand';
import { GENERATE_USAGE, generateCommand } from './generateCommand';
import { TRACE_USAGE, traceCommand } from './traceCommand';
import { TRAIN_USAGE, trainCommand } from './trainCommand';
import { UsageError } from './usageError';
import { packageVersion } from './packageRoot';

interface Command {
  readonly run: (args: string[]) => Promise<void>;
  readonly usage: string;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  train: { run: trainCommand, usage: TRAIN_USAGE },
  generate: { run: generateCommand, usage: GENERATE_USAGE },
  trace: { run: traceCommand, usage: TRACE_USAGE },
  export: { run: exportCommand, usage: EXPORT_USAGE },
};

const USAGE = ['usage: lstm-lens <command> [flags]   (lstm-lens <command> --help, lstm-lens --version)', ...Object.values(COMMANDS).map((c) => `  lstm-lens ${c.usage}`)].join('\n');

const HELP = new Set(['--help', '-h']);

/** Runs one command line; resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (HELP.has(name) || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`lstm-lens ${packageVersion()}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command && args.some((a) => HELP.has(a))) {
    process.stdout.write(`usage: lstm-lens ${command.usage}\n`);
    return 0;
  }
  try {
    if (!command) throw new UsageError(`unknown command '${name}': expected ${Object.keys(COMMANDS).join(', ')} (lstm-lens --help)`);
    await command.run(args);
    return 0;
  } catch (e) {
    process.stderr.write(`lstm-lens: ${(e as Error).message.split('\n')[0]}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  // A reader that stops early (`| head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
