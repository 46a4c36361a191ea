// Reading Slurm's answers: squeue lines of an array ("12_[0-3%2]|PENDING", "12_1|RUNNING") into a state
// per task, and sacct's ("12_1|FAILED|1:0") for tasks squeue has forgotten (sacct needs accounting,
// which many clusters have and a bare test cluster does not).

export const TERMINAL_STATES = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE']);

function expandRange(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.replace(/%\d+$/, '').split(',')) {
    const [lo, hi] = part.split('-').map(Number) as [number, number | undefined];
    if (Number.isNaN(lo)) continue;
    for (let i = lo; i <= (hi ?? lo); i++) out.push(i);
  }
  return out;
}

/** task index → state, from `squeue -h --states=all -j JOB -o '%i|%T'` (or sacct -P -o JobID,State). */
export function parseArrayStates(text: string, jobId: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [id = '', rawState = ''] = line.trim().split('|');
    const state = rawState.split(' ')[0] ?? ''; // sacct writes "CANCELLED by 0"
    if (!id.startsWith(`${jobId}_`) || !state) continue;
    const task = id.slice(jobId.length + 1);
    if (/^\d+$/.test(task)) states.set(Number(task), state);
    else if (/^\[.+\]$/.test(task)) for (const i of expandRange(task.slice(1, -1))) states.set(i, state);
  }
  return states;
}

/** The job id `sbatch --parsable` prints ("12" or "12;cluster"). */
export function parseJobId(stdout: string): string | null {
  const m = /^(\d+)(;.*)?$/.exec(stdout.trim());
  return m ? (m[1] as string) : null;
}
