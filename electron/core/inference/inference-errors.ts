// Errors of the inference client and its worker pool (one module, so neither imports the other).
export class InferenceError extends Error {
  override name = 'InferenceError';
}
export class InferenceCancelled extends InferenceError {
  override name = 'CancelledError';
}
export class InferenceWorkerCrashedError extends InferenceError {
  override name = 'InferenceWorkerCrashedError';
}
