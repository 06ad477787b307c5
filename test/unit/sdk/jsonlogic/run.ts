import { compileRule } from '../../../../src/sdk/jsonlogic/compile.js';

/** Compiles a rule for flag `my-flag` and runs it against `data` (which is also the context). */
export function run(rule: unknown, data: Record<string, unknown> = {}): unknown {
  return compileRule(rule, 'my-flag')(data, { ctx: data, split: false });
}
