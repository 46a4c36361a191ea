// The batch script of a job array: one task per request in requests.json, each running the bridge's
// method headless (python -m organism_bridge.headless) with its stdout/stderr in task-<i>.out/.err.
import type { SlurmOptions } from '../../../shared/compute-schema.js';
import { shellQuote } from '../ssh/ssh-command.js';

export interface ArrayScriptInput {
  jobName: string;
  tasks: number;
  /** Folder of requests.json, the results and the task logs (absolute, on the Slurm site). */
  workDir: string;
  /** The python-bridge folder on the Slurm site (absolute). */
  pythonBridgeDir: string;
  python: string;
  precision: 'fp32' | 'bf16';
  options: SlurmOptions;
}

export function renderArrayScript(a: ArrayScriptInput): string {
  const o = a.options;
  const lines = [
    '#!/bin/sh',
    `#SBATCH --job-name=${a.jobName.replace(/[^A-Za-z0-9_.-]/g, '_')}`,
    `#SBATCH --array=0-${a.tasks - 1}`,
    `#SBATCH --output=${a.workDir}/task-%a.out`,
    `#SBATCH --error=${a.workDir}/task-%a.err`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.timeLimit ? [`#SBATCH --time=${o.timeLimit}`] : []),
    ...(o.gpusPerJob > 0 ? [`#SBATCH --gres=gpu:${o.gpusPerJob}`] : []),
    ...(o.cpusPerJob ? [`#SBATCH --cpus-per-task=${o.cpusPerJob}`] : []),
    ...o.extraSbatch,
    '',
    '# One bridge method per array task (organism_bridge/headless.py); the app polls squeue and reads the results.',
    `cd ${shellQuote(a.pythonBridgeDir)} || { echo "organism-studio: no bridge in ${a.pythonBridgeDir}" >&2; exit 97; }`,
    `exec env PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 ORGANISM_BRIDGE_PRECISION=${a.precision} ${shellQuote(a.python)} -u -m organism_bridge.headless ${shellQuote(`${a.workDir}/requests.json`)} ${shellQuote(`${a.workDir}/result-{task}.json`)}`,
    '',
  ];
  return lines.join('\n');
}
