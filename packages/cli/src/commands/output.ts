import type { CommandContext } from '../command.js';
import { toJsonText, writeFileAtomic } from '../files.js';

/** `--json`: print machine-readable JSON. */
export const jsonFlag = { type: 'boolean', description: 'print machine-readable JSON' } as const;
/** `--out <file>`: write the output to a file, whole or not at all. */
export const outFlag = { type: 'string', description: 'write to this file (whole or not at all) instead of standard output', valueName: 'file' } as const;

/** Writes a command's JSON output to `--out` (atomically, noting it on stderr) or to standard output. */
export async function emitJson(context: CommandContext, value: unknown): Promise<void> {
  const out = context.values.out;
  const text = toJsonText(value);
  if (typeof out === 'string') {
    await writeFileAtomic(out, text, { cwd: context.io.cwd });
    context.io.stderr(`wrote ${out}\n`);
  } else {
    context.io.stdout(text);
  }
}

/** Prints a command's result: the line for people, or with `--json` the same facts as JSON. */
export function emitResult(context: CommandContext, human: string, data: unknown): void {
  context.io.stdout(context.values.json === true ? toJsonText(data) : `${human}\n`);
}

/** Where a folder's left-out entries are noted (see `expandJsonPaths`): one line each on stderr, so --json output stays clean. */
export function noteSkipped(context: CommandContext): (note: string) => void {
  return (note) => context.io.stderr(`${context.style.yellow('skipped')} ${note}\n`);
}

/**
 * A verification result as `--json` prints it: `{ verified, status, checks, credential }` (and a
 * presentation's fields), without the signed view (`document`), which the library returns for
 * programs to act on and which would make the output several times larger.
 */
export function shownResult<T extends object>(result: T): Omit<T, 'document'> {
  const { document: _document, ...shown } = result as T & { document?: unknown };
  if ('credentials' in shown && Array.isArray(shown.credentials)) return { ...shown, credentials: shown.credentials.map((entry: object) => shownResult(entry)) } as Omit<T, 'document'>;
  return shown;
}
