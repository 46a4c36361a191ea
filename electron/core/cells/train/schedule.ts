// Which blue-team checkpoints to evaluate, and when the stop rule fires: a pure state machine, so its
// decisions are a function of the evaluated numbers alone (never of timing) and unit-testable.
//
// The bridge saves a checkpoint every `eval_every` steps (the fine grid). Far from the anchor only
// every `coarseEvery`-th one is evaluated; the ones between are *held* (kept on disk, unevaluated).
// Once an evaluated checkpoint's relative capability c = capability / capability(step 0) is at or
// below `denseBelow` (the 10% anchor plus a margin), the schedule turns dense for good: the held
// checkpoints before it (the interval in which capability neared or crossed the anchor) are
// evaluated, and so is every later one. So the 10% point is interpolated between checkpoints
// `eval_every` apart, while the long flat start costs one evaluation per `coarseEvery`.
//
// Stop rule: the run stops at the first checkpoint, in step order, with c <= `stopBelow`, as soon as
// no unevaluated checkpoint before it is still to be evaluated. Evaluated points after it (a coarse
// point whose held predecessors crossed first) are dropped, and later checkpoints discarded: the
// run is as if it had ended there.
export interface ScheduleOptions {
  /** Evaluate every coarseEvery-th checkpoint (steps multiple of coarseEvery x evalEvery) until dense; 1 = all. */
  coarseEvery: number;
  /** The checkpoint grid of the bridge, in steps. */
  evalEvery: number;
  /** The step budget: the checkpoint there (the run's last) is always evaluated. */
  budget: number;
  /** Relative capability at or below which evaluation turns dense. */
  denseBelow: number;
  /** Relative capability at or below which the run stops; null: no stop rule (train the budget). */
  stopBelow: number | null;
}

export type Offer = 'evaluate' | 'hold' | 'discard';

export class EvaluationSchedule {
  private readonly relative = new Map<number, number>();
  private held: number[] = [];
  private pending: number[] = [];
  private discarded: number[] = [];
  private denseNow: boolean;
  private stop: number | null = null;

  constructor(private readonly options: ScheduleOptions) {
    if (!(options.coarseEvery >= 1) || !(options.evalEvery >= 1)) throw new Error('coarseEvery and evalEvery must be at least 1.');
    this.denseNow = options.coarseEvery === 1;
  }

  /** Evaluation is dense (every checkpoint) from now on. */
  get dense(): boolean {
    return this.denseNow;
  }

  /** The step the stop rule fired at, or null. */
  get stopStep(): number | null {
    return this.stop;
  }

  /** Steps held for a possible backfill (on disk, unevaluated). */
  get heldSteps(): readonly number[] {
    return this.held;
  }

  /** Steps waiting to be evaluated, in the order nextToEvaluate returns them. */
  get pendingSteps(): readonly number[] {
    return this.pending;
  }

  /** Every evaluated step that belongs to the run (points after a stop are not), ascending. */
  get evaluatedSteps(): number[] {
    return [...this.relative.keys()].filter((s) => this.stop === null || s <= this.stop).sort((a, b) => a - b);
  }

  /** A checkpoint is available (called in step order, after every earlier offer's evaluations ran). */
  offer(step: number): Offer {
    if (this.stop !== null) {
      this.discarded.push(step);
      return 'discard';
    }
    const coarse = step % (this.options.coarseEvery * this.options.evalEvery) === 0;
    if (this.denseNow || coarse || step >= this.options.budget) {
      this.pending.push(step);
      return 'evaluate';
    }
    this.held.push(step);
    return 'hold';
  }

  /** The next step to evaluate now, or null when the schedule waits for further checkpoints. */
  nextToEvaluate(): number | null {
    return this.pending.shift() ?? null;
  }

  /** The relative capability measured at `step` (NaN when step 0 had no capability: never dense, never stops). */
  record(step: number, relative: number): void {
    this.relative.set(step, relative);
    if (!this.denseNow) {
      if (relative <= this.options.denseBelow) {
        // Backfill: the held checkpoints (all before this one) are evaluated first, in step order.
        this.denseNow = true;
        this.pending = [...this.held, ...this.pending].sort((a, b) => a - b);
      } else {
        // The interval up to here stayed clear of the anchor: its held checkpoints are not needed.
        this.discarded.push(...this.held);
      }
      this.held = [];
    }
    this.checkStop();
  }

  /** Checkpoints no longer needed since the last call (their files can go). */
  takeDiscarded(): number[] {
    const out = this.discarded;
    this.discarded = [];
    return out;
  }

  private checkStop(): void {
    const below = this.options.stopBelow;
    if (below === null || this.stop !== null) return;
    const first = [...this.relative.entries()].filter(([, c]) => c <= below).map(([s]) => s).sort((a, b) => a - b)[0];
    if (first === undefined) return;
    // An unevaluated checkpoint before it could cross first: wait for it.
    if (this.pending.some((s) => s < first) || this.held.some((s) => s < first)) return;
    this.stop = first;
    this.discarded.push(...this.pending, ...this.held);
    this.pending = [];
    this.held = [];
  }
}
