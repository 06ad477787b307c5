import { compileFractional } from '../operators/fractional.js';
import { compileSemVer } from '../operators/sem-ver.js';
import { compileEndsWith, compileStartsWith } from '../operators/string-comp.js';
import {
  compileAdd,
  compileDivide,
  compileMax,
  compileMin,
  compileModulo,
  compileMultiply,
  compileSubtract,
} from './ops-arith.js';
import {
  compileCat,
  compileIn,
  compileMerge,
  compileMissing,
  compileMissingSome,
  compileSubstr,
} from './ops-collections.js';
import { COMPARISON_OPERATORS, comparator } from './ops-compare.js';
import {
  compileAll,
  compileFilter,
  compileMap,
  compileNone,
  compileReduce,
  compileSome,
} from './ops-iterators.js';
import { compileAnd, compileIf, compileNot, compileNotNot, compileOr } from './ops-logic.js';
import type { OperatorCompiler } from './types.js';

/** Every operator a flag rule may use: JsonLogic's and flagd's custom ones (`var` is handled by the compiler). */
export const OPERATORS: ReadonlyMap<string, OperatorCompiler> = new Map<string, OperatorCompiler>([
  ['if', compileIf],
  ['?:', compileIf],
  ['and', compileAnd],
  ['or', compileOr],
  ['!', compileNot],
  ['!!', compileNotNot],
  ...COMPARISON_OPERATORS.map((op): [string, OperatorCompiler] => [op, comparator(op)]),
  ['+', compileAdd],
  ['-', compileSubtract],
  ['*', compileMultiply],
  ['/', compileDivide],
  ['%', compileModulo],
  ['min', compileMin],
  ['max', compileMax],
  ['in', compileIn],
  ['cat', compileCat],
  ['substr', compileSubstr],
  ['merge', compileMerge],
  ['missing', compileMissing],
  ['missing_some', compileMissingSome],
  ['some', compileSome],
  ['all', compileAll],
  ['none', compileNone],
  ['map', compileMap],
  ['filter', compileFilter],
  ['reduce', compileReduce],
  ['fractional', compileFractional],
  ['sem_ver', compileSemVer],
  ['starts_with', compileStartsWith],
  ['ends_with', compileEndsWith],
]);
