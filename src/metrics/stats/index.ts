/** Experiment statistics: pure functions, no I/O. */
export * from './chi-square.js';
export * from './experiment.js';
export * from './gamma.js';
export * from './multiple-comparisons.js';
export * from './normal.js';
export * from './proportion.js';
export * from './srm.js';
export * from './to-status.js';
export * from './two-proportion.js';
