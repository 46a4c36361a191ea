// A notebook's compute setting: where its bridge runs (this machine, or a machine SSH reaches) and
// whether a cell's seeds go to Slurm as a job array. Part of the notebook file (notebook-schema.ts);
// every message names the field and what a valid value looks like, because it reaches the user as is.
import { z } from 'zod';

export const PrecisionSchema = z.enum(['fp32', 'bf16'], { error: 'compute.precision must be "fp32" or "bf16" (bf16 autocast, for GPUs)' });
export type Precision = z.infer<typeof PrecisionSchema>;

// Slurm's own time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
const SLURM_TIME = /^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+|\d+-\d+:\d{2}|\d+-\d+:\d{2}:\d{2})$/;

export const SlurmOptionsSchema = z
  .object({
    /** Submit a cell's seeds as `sbatch --array` (locally when sbatch is on PATH, else through the SSH target). */
    enabled: z.boolean().default(true),
    partition: z
      .string()
      .regex(/^[A-Za-z0-9_.,-]+$/, 'compute.slurm.partition must be a partition name such as "gpu" (letters, digits, _ . , -)')
      .optional(),
    timeLimit: z
      .string()
      .regex(SLURM_TIME, 'compute.slurm.timeLimit must be a Slurm time such as "30", "01:30:00" or "1-12:00"')
      .optional(),
    gpusPerJob: z.number({ error: 'compute.slurm.gpusPerJob must be a whole number of GPUs (0 for none)' }).int().min(0).max(16).default(0),
    cpusPerJob: z.number().int().min(1).max(256).optional(),
    /** Extra `#SBATCH` lines, written as given (e.g. "#SBATCH --account=lab"). */
    extraSbatch: z
      .array(z.string().regex(/^#SBATCH\s+--?[A-Za-z][^\n]*$/, 'each of compute.slurm.extraSbatch must be one line starting with "#SBATCH --", e.g. "#SBATCH --account=lab"'))
      .default([]),
  })
  .strict();
export type SlurmOptions = z.infer<typeof SlurmOptionsSchema>;

const LocalComputeSchema = z
  .object({
    kind: z.literal('local'),
    precision: PrecisionSchema.default('fp32'),
    /**
     * Bridge processes that build a cell's seeds at once on this machine (one BLAS thread each); absent
     * or 1: one seed after another in the app's bridge. 2 on a 2-core laptop builds seeds ~2x faster.
     */
    parallel: z
      .number({ error: 'compute.parallel must be a whole number of processes from 1 to 16 (e.g. 2 on a 2-core machine)' })
      .int('compute.parallel must be a whole number of processes from 1 to 16 (e.g. 2 on a 2-core machine)')
      .min(1, 'compute.parallel must be a whole number of processes from 1 to 16 (e.g. 2 on a 2-core machine)')
      .max(16, 'compute.parallel must be a whole number of processes from 1 to 16 (e.g. 2 on a 2-core machine)')
      .optional(),
    slurm: SlurmOptionsSchema.optional(),
  })
  .strict();

export const SshComputeSchema = z
  .object({
    kind: z.literal('ssh'),
    /** user@host, or a Host alias of ~/.ssh/config (the user's own config and keys apply). */
    target: z
      .string()
      .regex(/^([A-Za-z0-9._-]+@)?[A-Za-z0-9._-]+$/, 'compute.target must be user@host or a Host alias from ~/.ssh/config, e.g. "alice@gpu-box"'),
    port: z.number({ error: 'compute.port must be a TCP port number (22 for a standard sshd)' }).int().min(1).max(65535).default(22),
    /** The interpreter on the remote machine (it must import torch). */
    python: z
      .string()
      .regex(/^[A-Za-z0-9._/+-]+$/, 'compute.python must be a command or absolute path without spaces, e.g. "python3" or "/opt/venv/bin/python"')
      .default('python3'),
    /** Where the palette's "Install or update the bridge on the remote" puts python-bridge/ (and its work folder). */
    bridgeDir: z
      .string()
      .regex(/^(~\/|\/)[A-Za-z0-9._/+-]*$/, 'compute.bridgeDir must be an absolute path or start with ~/ (no spaces), e.g. "~/.organism-studio/bridge"')
      .default('~/.organism-studio/bridge'),
    precision: PrecisionSchema.default('fp32'),
    slurm: SlurmOptionsSchema.optional(),
  })
  .strict();
export type SshCompute = z.infer<typeof SshComputeSchema>;

export const ComputeSettingSchema = z.discriminatedUnion('kind', [LocalComputeSchema, SshComputeSchema], {
  error: 'compute.kind must be "local" or "ssh"',
});
export type ComputeSetting = z.infer<typeof ComputeSettingSchema>;
export type ComputeSettingInput = z.input<typeof ComputeSettingSchema>;

export const LOCAL_COMPUTE: ComputeSetting = { kind: 'local', precision: 'fp32' };

/** A short label for status bars and errors: "local", "alice@gpu-box:22". */
export function describeCompute(compute: ComputeSetting | undefined): string {
  if (!compute || compute.kind === 'local') return compute?.slurm?.enabled ? 'local Slurm' : 'local';
  return `${compute.target}:${compute.port}${compute.slurm?.enabled ? ' (Slurm)' : ''}`;
}
