// Public surface of the evaluators.
export * from './detectors.js';
export * from './evaluate-model.js';
export * from './perplexity.js';
export * from './reduction.js';
export * from './scoring.js';
export * from './wilson.js';
export * from './curve.js';
