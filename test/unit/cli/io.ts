/** An Io that records what a command printed. */
import type { Io } from '../../../src/cli/command.js';

export function captureIo(isTTY = false): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY,
    columns: 120,
    stdout: () => out,
    stderr: () => err,
  };
}
