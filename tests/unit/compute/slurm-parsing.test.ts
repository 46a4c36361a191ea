// What Slurm prints, read back (squeue/sacct lines of an array, sbatch --parsable), and the batch
// script the options produce.
import { describe, expect, it } from 'vitest';
import { renderArrayScript } from '../../../electron/core/compute/slurm/sbatch-script.js';
import { describeStates } from '../../../electron/core/compute/slurm/slurm-array.js';
import { parseArrayStates, parseJobId } from '../../../electron/core/compute/slurm/squeue.js';
import { SlurmOptionsSchema } from '../../../electron/shared/compute-schema.js';

describe('Slurm output', () => {
  it('expands pending ranges and reads single tasks and sacct states', () => {
    const states = parseArrayStates('12_[2-4%2]|PENDING\n12_0|RUNNING\n12_1|COMPLETED\n13_0|RUNNING\n', '12');
    expect([...states.entries()].sort()).toEqual([[0, 'RUNNING'], [1, 'COMPLETED'], [2, 'PENDING'], [3, 'PENDING'], [4, 'PENDING']]);
    expect(parseArrayStates('12_0|CANCELLED by 0\n12_1|FAILED', '12')).toEqual(new Map([[0, 'CANCELLED'], [1, 'FAILED']]));
    expect(parseArrayStates('12_[0,3]|PENDING', '12')).toEqual(new Map([[0, 'PENDING'], [3, 'PENDING']]));
  });

  it('reads the job id of sbatch --parsable, with or without a cluster', () => {
    expect(parseJobId('4711\n')).toBe('4711');
    expect(parseJobId('4711;gpu-cluster')).toBe('4711');
    expect(parseJobId('sbatch: error: invalid partition')).toBeNull();
  });

  it('describes every job on one line', () => {
    expect(describeStates([{ task: 0, jobId: '12_0', state: 'RUNNING', step: 40, total: 80 }, { task: 1, jobId: '12_1', state: 'PENDING' }], ['seed 1', 'seed 2'])).toBe(
      'seed 1 job 12_0 RUNNING 40/80 · seed 2 job 12_1 PENDING',
    );
  });

  it('writes the options as #SBATCH lines before the headless bridge command', () => {
    const script = renderArrayScript({
      jobName: 'organism-studio-organism.build',
      tasks: 3,
      workDir: '/scratch/w',
      pythonBridgeDir: '/opt/studio/python-bridge',
      python: 'python3',
      precision: 'bf16',
      options: SlurmOptionsSchema.parse({ partition: 'gpu', timeLimit: '01:00:00', gpusPerJob: 1, cpusPerJob: 4, extraSbatch: ['#SBATCH --account=lab'] }),
    });
    const lines = script.split('\n');
    expect(lines).toContain('#SBATCH --array=0-2');
    expect(lines).toContain('#SBATCH --partition=gpu');
    expect(lines).toContain('#SBATCH --time=01:00:00');
    expect(lines).toContain('#SBATCH --gres=gpu:1');
    expect(lines).toContain('#SBATCH --cpus-per-task=4');
    expect(lines).toContain('#SBATCH --account=lab');
    expect(lines).toContain('#SBATCH --error=/scratch/w/task-%a.err');
    expect(lines.findIndex((l) => l.startsWith('exec '))).toBeGreaterThan(lines.findIndex((l) => l === '#SBATCH --account=lab'));
    expect(script).toContain("ORGANISM_BRIDGE_PRECISION=bf16 'python3' -u -m organism_bridge.headless '/scratch/w/requests.json' '/scratch/w/result-{task}.json'");
  });
});
