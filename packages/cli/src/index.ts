/**
 * @module @carepass/cli
 *
 * The `carepass` command line: a thin shell over the Carepass libraries. Exit codes: 0 success,
 * 1 a negative result (invalid, rejected), 2 bad usage or unreadable input. Errors are one line
 * that says what and where, never a stack trace. `--json` output shapes are a stable contract.
 *
 * @example
 * ```ts
 * import { runCli } from '@carepass/cli';
 * process.exitCode = await runCli(['frameworks', 'list', '--json']);
 * ```
 */
import { type Command, parseCommandArgs, renderCommandHelp } from './command.js';
import { badgeCommands } from './commands/badges.js';
import { credentialCommands } from './commands/credentials.js';
import { frameworkCommands } from './commands/frameworks.js';
import { recogniseCommands } from './commands/recognise.js';
import { statusTrustCommands } from './commands/status-trust.js';
import { walletCommands } from './commands/wallet.js';
import { describeFailure, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { createStyle, type Style } from './style.js';
import packageJson from '../package.json' with { type: 'json' };

export { EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, exitCodeOf } from './exit-codes.js';
export type { CliIo } from './io.js';

/** The CLI's version, as published (read from its package.json at build time). */
export const CLI_VERSION: string = packageJson.version;

const COMMANDS: Command[] = [...frameworkCommands, ...credentialCommands, ...badgeCommands, ...statusTrustCommands, ...recogniseCommands, ...walletCommands];

function renderOverview(style: Style, commands: readonly Command[], prefix: string[] = []): string {
  const matching = commands.filter((command) => prefix.every((word, index) => command.path[index] === word));
  const width = Math.max(...matching.map((command) => command.path.join(' ').length));
  const lines = [
    `${style.bold('carepass')} — portable, verifiable training records for adult social care`,
    '',
    `${style.bold('Usage:')} carepass ${prefix.length > 0 ? `${prefix.join(' ')} ` : ''}<command> [options]`,
    '',
    style.bold('Commands:'),
    ...matching.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    `Run ${style.cyan('carepass <command> --help')} for a command's options and examples.`,
    'Exit codes: 0 success, 1 negative result (invalid, rejected), 2 usage or unreadable input.',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Runs the CLI with the given arguments (without `node` and the script name) and returns the
 * exit code. Never throws: failures are printed as one line on standard error.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const style = createStyle(io);
  const args = [...argv];
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout(renderOverview(style, COMMANDS));
    return args.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  if (args[0] === '--version' || args[0] === '-v') {
    io.stdout(`${CLI_VERSION}\n`);
    return EXIT_OK;
  }
  // The longest command path that matches the leading words wins.
  const command = COMMANDS.filter((candidate) => candidate.path.every((word, index) => args[index] === word)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!command) {
    const group = COMMANDS.filter((candidate) => candidate.path.length > 1 && candidate.path[0] === args[0]);
    if (group.length > 0 && (args.length === 1 || args[1] === '--help' || args[1] === '-h')) {
      io.stdout(renderOverview(style, COMMANDS, [args[0] as string]));
      return args.length === 1 ? EXIT_USAGE : EXIT_OK;
    }
    const words = group.length > 0 ? `${args[0]} ${args[1]}` : args[0];
    io.stderr(`carepass: unknown command "${words}"; run carepass --help\n`);
    return EXIT_USAGE;
  }
  const rest = args.slice(command.path.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(renderCommandHelp(command, style));
    return EXIT_OK;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    return await command.run({ io, style, values, positionals });
  } catch (error) {
    const { exitCode, message } = describeFailure(error);
    io.stderr(`carepass ${command.path.join(' ')}: ${message}\n`);
    return exitCode;
  }
}


