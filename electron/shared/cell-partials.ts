// Partial results of a running cell, pushed as `cell.partial` events while the run streams, so the
// renderer can draw a result growing (the blue-team curve, one point per evaluated checkpoint).
// One schema per kind that publishes, discriminated by `kind`: the hosts validate the payload like
// every other event. A partial is always the whole result so far, never a delta: the engine
// throttles publishing and only the latest partial of a burst is delivered.
import { z } from 'zod';

const PartialRateSchema = z.object({
  k: z.number().int().nonnegative(),
  n: z.number().int().nonnegative(),
  rate: z.number().nullable(),
  lo: z.number(),
  hi: z.number(),
});

/** One evaluated checkpoint: bad-behaviour rate with/without the trigger and capability, with n and 95% intervals. */
export const PartialCurvePointSchema = z.object({
  step: z.number().int().nonnegative(),
  triggered: PartialRateSchema,
  untriggered: PartialRateSchema,
  capability: PartialRateSchema,
});
export type PartialCurvePoint = z.infer<typeof PartialCurvePointSchema>;

/**
 * A train cell's evaluated checkpoints so far, per organism seed (in seed order, points in step order).
 * A finished seed says whether its reading is censored (capability never fell by the reading's loss
 * fraction within the run) and the step a stop rule ended it at; the seed still training has neither.
 */
export const TrainPartialSchema = z.object({
  kind: z.literal('train'),
  label: z.string(),
  runs: z.array(
    z.object({
      seed: z.number().int(),
      points: z.array(PartialCurvePointSchema),
      censored: z.boolean().optional(),
      stoppedAt: z.number().int().nullable().optional(),
    }),
  ),
  /** The reading's relative capability loss (0.1): the live chart marks each seed's anchor there. */
  lossFraction: z.number().optional(),
});
export type TrainPartial = z.infer<typeof TrainPartialSchema>;

export const CellPartialSchema = z.discriminatedUnion('kind', [TrainPartialSchema]);
export type CellPartial = z.infer<typeof CellPartialSchema>;
