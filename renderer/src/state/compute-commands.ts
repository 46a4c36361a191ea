// Palette commands for where the notebook's bridge runs (electron/shared/compute-schema.ts): install
// or update the bridge on the SSH target, show the setting, point it at a target, or back to local.
import { ComputeSettingSchema, describeCompute } from '../../../electron/shared/compute-schema.js';
import type { Command, CommandContext } from './commands.js';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function installBridge({ ws }: CommandContext): Promise<void> {
  const doc = ws.doc;
  if (!doc) return;
  ws.flushPending();
  ws.notices.info(`Installing the bridge on ${describeCompute(doc.notebook.compute)}…`);
  try {
    ws.notices.info((await ws.api.invoke('compute.installBridge', { docId: doc.docId })).message);
  } catch (error) {
    ws.notices.error(`Installing the bridge failed: ${message(error)}`);
  }
}

/** `args`: "user@host[:port]" (from a host menu or a test); without it, says how to set one. */
async function setSshTarget({ ws }: CommandContext, args: unknown): Promise<void> {
  if (typeof args !== 'string' || !args.trim()) {
    ws.notices.info('Set "compute": {"kind": "ssh", "target": "user@host", "port": 22, "python": "python3", "bridgeDir": "~/.organism-studio/bridge"} in the notebook file (README, "Running on a GPU workstation or a cluster").');
    return;
  }
  const [target, port] = args.trim().split(':');
  const parsed = ComputeSettingSchema.safeParse({ kind: 'ssh', target, ...(port ? { port: Number(port) } : {}) });
  if (!parsed.success) return ws.notices.error(parsed.error.issues.map((i) => i.message).join('; '));
  await ws.edit({ op: 'setCompute', compute: parsed.data });
}

export const computeCommands: Command[] = [
  { id: 'compute-install-bridge', label: 'Install or update the bridge on the remote (the notebook’s SSH target)', run: (ctx) => installBridge(ctx) },
  { id: 'compute-show', label: 'Compute: where this notebook runs', run: ({ ws }) => ws.notices.info(`This notebook computes on ${describeCompute(ws.doc?.notebook.compute)}.`) },
  { id: 'compute-ssh', label: 'Compute: run on an SSH target (user@host[:port])…', run: (ctx, args) => setSshTarget(ctx, args) },
  { id: 'compute-local', label: 'Compute: run on this machine', run: async ({ ws }) => void (await ws.edit({ op: 'setCompute', compute: null })) },
];
