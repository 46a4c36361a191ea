// The train cell's config schema lives in electron/shared/cell-configs (the renderer's forms use it too).
export * from '../../../shared/cell-configs/train.js';
