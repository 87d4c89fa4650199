import type { TextStyle } from '@carepass/portability';
import type { CliIo } from './io.js';

/** Terminal styling that switches itself off when output is not a terminal or NO_COLOR is set. */
export type Style = TextStyle;

/** Chooses colour or plain text for an output. */
export function createStyle(io: Pick<CliIo, 'isTTY' | 'env'>): Style {
  const enabled = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0' ? true : io.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001B[${open}m${text}\u001B[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}
