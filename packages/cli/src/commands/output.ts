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
