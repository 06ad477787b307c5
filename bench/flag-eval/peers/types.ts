import type { BenchUser, Shape } from '../shapes.js';

/** Evaluates one shape for the i-th call with a pre-built context; returns the flag value. */
export type Evaluate = (i: number) => unknown;

export interface Peer {
  name: string;
  /** npm package measured, for the version column; undefined for the plain-JS floor. */
  pkg?: string;
  /**
   * Builds an evaluator per shape over the shared user pool (contexts are
   * converted to the peer's own type once, outside the timed loop). Returns
   * undefined for a shape the peer cannot express.
   */
  prepare(shape: Shape, users: BenchUser[]): Promise<Evaluate | undefined> | Evaluate | undefined;
  /** How the peer expresses shapes differently from flagd, for the results file. */
  notes?: string;
  /** Evaluations return a Promise that the harness awaits. */
  async?: boolean;
  close?(): Promise<void>;
}
