// One trade-off curve per organism when its seeds were evaluated at different steps (a stop rule
// and a schedule that densifies near the crossing give every seed its own checkpoints, so counts
// cannot be pooled step by step; 26 seed curves on one plot cannot be read either). Each seed's
// curve is put on a common grid of relative capability loss (1 - capability / its step-0
// capability, made non-decreasing so the curve is a function of it), its bad rate interpolated
// linearly between checkpoints, and the seeds averaged at each grid point with a 95% t interval
// across seeds. The grid runs as far as at least half of the seeds reach; a point says how many
// seeds it averages. With no capability anywhere the grid is the blue-team step instead.

/** One seed's checkpoints: x (capability, or step) and the bad-behaviour rate. */
export interface SeedCurve {
  points: Array<{ step: number; capability: number | null; bad: number | null }>;
}

export interface MeanCurvePoint {
  /** Capability (mean step-0 capability × (1 - loss)), or the step when there is no capability. */
  x: number;
  /** Relative capability loss of the grid point (null on a step grid). */
  loss: number | null;
  mean: number;
  lo: number;
  hi: number;
  /** Seeds averaged at this point. */
  seeds: number;
}

/** Two-sided 97.5% quantiles of Student's t for 1…30 degrees of freedom (then the normal's). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
const tQuantile = (df: number): number => T975[df - 1] ?? 1.96;

/** y at `at` on the piecewise-linear curve through (xs, ys) (xs non-decreasing); null outside it. */
export function interpolate(xs: readonly number[], ys: readonly number[], at: number): number | null {
  if (xs.length === 0 || at < xs[0]! || at > xs[xs.length - 1]!) return null;
  for (let i = 1; i < xs.length; i++) {
    const x0 = xs[i - 1]!;
    const x1 = xs[i]!;
    if (at <= x1) return x1 === x0 ? ys[i]! : ys[i - 1]! + ((at - x0) / (x1 - x0)) * (ys[i]! - ys[i - 1]!);
  }
  return ys[ys.length - 1]!;
}

function meanAndInterval(values: readonly number[]): { mean: number; lo: number; hi: number } {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  if (n < 2) return { mean, lo: mean, hi: mean };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = (tQuantile(n - 1) * sd) / Math.sqrt(n);
  return { mean, lo: Math.max(0, mean - half), hi: Math.min(1, mean + half) };
}

/** The x of each seed's checkpoints on the common axis, non-decreasing, with its bad rates. */
function seedAxis(seed: SeedCurve, byStep: boolean): { xs: number[]; ys: number[]; start: number } | null {
  const usable = seed.points.filter((p) => p.bad !== null && (byStep || p.capability !== null));
  const start = usable[0]?.capability ?? null;
  if (usable.length === 0 || (!byStep && (start === null || start <= 0))) return null;
  const xs: number[] = [];
  let most = 0;
  for (const p of usable) {
    most = Math.max(most, byStep ? p.step : 1 - (p.capability as number) / (start as number));
    xs.push(most);
  }
  return { xs, ys: usable.map((p) => p.bad as number), start: start ?? 0 };
}

/** The seeds' mean curve on a common grid (GRID_POINTS points from 0 to where half the seeds reach). */
export function seedMeanCurve(seeds: readonly SeedCurve[], byStep: boolean, gridPoints = 41): MeanCurvePoint[] {
  const axes = seeds.map((s) => seedAxis(s, byStep)).filter((a) => a !== null);
  if (axes.length === 0) return [];
  const reach = axes.map((a) => a.xs[a.xs.length - 1]!).sort((a, b) => b - a);
  const end = reach[Math.ceil(axes.length / 2) - 1]!; // at least half of the seeds get this far
  const meanStart = axes.reduce((a, s) => a + s.start, 0) / axes.length;
  const curve: MeanCurvePoint[] = [];
  for (let i = 0; i < gridPoints; i++) {
    const at = end === 0 ? 0 : (end * i) / (gridPoints - 1);
    const values = axes.map((a) => interpolate(a.xs, a.ys, at)).filter((v) => v !== null);
    if (values.length === 0) continue;
    const { mean, lo, hi } = meanAndInterval(values);
    curve.push({ x: byStep ? at : meanStart * (1 - at), loss: byStep ? null : at, mean, lo, hi, seeds: values.length });
    if (end === 0) break;
  }
  return curve;
}
