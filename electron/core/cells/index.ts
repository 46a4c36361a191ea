// The study cell kinds. Adding a kind = adding its folder and one line here; the engine never changes.
import { createRegistry, type CellKindRegistry } from '../engine/types.js';
import { detectionCell } from './detection/detection-cell.js';
import { diagnosticsCell } from './diagnostics/diagnostics-cell.js';
import { evaluateCell } from './evaluate/evaluate-cell.js';
import { modelCell } from './model/model-cell.js';
import { organismCell } from './organism/organism-cell.js';
import { plotCell } from './plot/plot-cell.js';
import { sampleCell } from './sample/sample-cell.js';
import type { StudyServices } from './services.js';
import { summaryCell } from './summary/summary-cell.js';
import { trainCell } from './train/train-cell.js';

export const studyCellKinds: CellKindRegistry<StudyServices> = createRegistry<StudyServices>([
  modelCell,
  organismCell,
  trainCell,
  evaluateCell,
  plotCell,
  sampleCell,
  summaryCell,
  diagnosticsCell,
  detectionCell,
]);

/** Bumped when the runners' shared code changes in a way that invalidates cached results. */
export const RUNNER_SET_VERSION = '1';
