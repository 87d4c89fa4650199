import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';
import { UsageError } from './exit-codes.js';
import type { Style } from './style.js';

/** Option definitions in node:util `parseArgs` form, with a description for help. */
export type OptionSpecs = Record<string, NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string }>;

/** What a command receives when it runs. */
export interface CommandContext {
  io: CliIo;
  style: Style;
  /** Parsed flag values. */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  /** Positional arguments. */
  positionals: string[];
}

/** One verb of the CLI, e.g. `frameworks validate`. */
export interface Command {
  /** Words that select it, e.g. `['frameworks', 'validate']`. */
  path: string[];
  /** One line for the verb list. */
  summary: string;
  /** Usage line after `carepass`, e.g. `frameworks validate <file> [--json]`. */
  usage: string;
  /** Longer explanation for `--help`. */
  description?: string;
  /** Example invocations for `--help`. */
  examples: string[];
  /** Flags it accepts (besides --help). */
  options: OptionSpecs;
  /** Smallest and largest number of positional arguments (largest may be Infinity). */
  positionals: [number, number];
  /** Runs it; returns the exit code. */
  run: (context: CommandContext) => Promise<number>;
}

/** The value one flag spec gives: a string or a boolean, or a list of them when `multiple`. */
export type FlagValue<Spec> = Spec extends { multiple: true } ? (Spec extends { type: 'boolean' } ? boolean[] : string[]) : Spec extends { type: 'boolean' } ? boolean : string;

/** Parsed flag values, typed by a command's own option specs (absent when not given). */
export type FlagValues<Options extends OptionSpecs> = { [Name in keyof Options]?: FlagValue<Options[Name]> };

/** What a command defined with {@link defineCommand} receives: its flags typed from its specs. */
export interface TypedCommandContext<Options extends OptionSpecs> extends Omit<CommandContext, 'values'> {
  values: FlagValues<Options>;
}

/** A command as {@link defineCommand} takes it. */
export interface CommandDefinition<Options extends OptionSpecs> extends Omit<Command, 'options' | 'run'> {
  options: Options;
  run: (context: TypedCommandContext<Options>) => Promise<number>;
}

/**
 * Defines a command whose `run` sees its flags typed from its own option specs: `--json` is a
 * boolean, `--trust` (multiple) a string list, so commands need no casts.
 */
export function defineCommand<const Options extends OptionSpecs>(definition: CommandDefinition<Options>): Command {
  return definition as unknown as Command;
}

/** Parses argv for a command, turning every parse problem into a {@link UsageError}. */
export function parseCommandArgs(command: Command, argv: string[]): { values: CommandContext['values']; positionals: string[] } {
  // Every verb accepts --json, so scripts can always pass it; verbs that print JSON anyway ignore it.
  const options: ParseArgsConfig['options'] = { json: { type: 'boolean' } };
  for (const [name, spec] of Object.entries(command.options)) {
    const { description: _description, valueName: _valueName, ...config } = spec;
    options[name] = config;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option');
    throw new UsageError(`${message}; see: carepass ${command.path.join(' ')} --help`);
  }
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min) throw new UsageError(`missing argument; usage: carepass ${command.usage}`);
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}"; usage: carepass ${command.usage}`);
  return { values: parsed.values as CommandContext['values'], positionals: parsed.positionals };
}

/** Renders `--help` for one command. */
export function renderCommandHelp(command: Command, style: Style): string {
  const lines = [`${style.bold('Usage:')} carepass ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('', style.bold('Options:'));
    const labels = entries.map(([name, spec]) => `--${name}${spec.type === 'string' ? ` <${spec.valueName ?? name}>` : ''}`);
    const width = Math.max(...labels.map((label) => label.length), 10);
    entries.forEach(([, spec], index) => lines.push(`  ${(labels[index] as string).padEnd(width)}  ${spec.description}`));
    if (!('json' in command.options)) lines.push(`  ${'--json'.padEnd(width)}  accepted for scripts; this verb's output is JSON or a file already`);
    lines.push(`  ${'--help'.padEnd(width)}  show this help`);
  }
  if (command.examples.length > 0) {
    lines.push('', style.bold('Examples:'));
    for (const example of command.examples) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}
