// One row of a train cell's table in the HTML report: a seed's reduction at the reading's capability
// loss, whether that reading is censored (capability never fell that far within the run: a lower
// bound read at the last checkpoint), how the run ended (stop rule or budget) and its curve.
import type { TrainRun } from '../cells/common/results.js';
import { esc, pct } from './html-parts.js';

export const TRAIN_ROW_HEADERS = ['seed', 'reduction at 10% capability loss [95% bootstrap]', 'run', 'step: bad rate / capability', 'organism validated'];

export function trainRunRow(r: TrainRun): string[] {
  const fraction = typeof r.reduction['lossFraction'] === 'number' ? r.reduction['lossFraction'] : 0.1;
  const lastStep = r.points.at(-1)?.step ?? 0;
  const censored = r.reduction.censored ? ` <i class="censored">(censored: capability never fell ${pct(fraction)} in ${lastStep} steps; a lower bound)</i>` : '';
  const reduction = r.reduction.reduction === null ? esc(r.reduction.reason ?? 'undefined') : `${pct(r.reduction.reduction)} <span class="ci">[${pct(r.reduction.lo)}, ${pct(r.reduction.hi)}]</span>${censored}`;
  let run = `${lastStep} steps`;
  if (r.stop) {
    run = r.stop.stoppedAt !== null
      ? `stopped at step ${r.stop.stoppedAt} (capability down ≥ ${pct(r.stop.lossFraction)}; budget ${r.stop.maxSteps})`
      : `budget of ${r.stop.maxSteps} steps spent before capability fell ${pct(r.stop.lossFraction)}`;
  }
  return [
    String(r.seed),
    reduction,
    run,
    r.points.map((p) => `${p.step}: ${pct(p.triggered.rate)} / ${pct(p.capability.rate)}`).join(' → '),
    r.organismValidated ? 'yes' : '<b class="bad">no</b>',
  ];
}
