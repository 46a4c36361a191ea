// The method schema and its helpers live in electron/shared/cell-configs (the renderer's forms use them too).
export * from '../../../shared/cell-configs/method.js';
