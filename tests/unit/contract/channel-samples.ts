// One good and at least one bad message per channel. The contract test requires an entry for
// every channel, so adding a channel to api-contract.ts without samples fails the suite.
import type { EventChannel, RequestChannel } from '../../../electron/shared/api-contract.js';

const notebook = {
  format: 'organism-studio-notebook',
  version: 1,
  title: 'Study',
  cells: [{ id: 'c1', kind: 'markdown', name: 'intro', config: { source: '# hi' }, inputs: {}, output: null, metadata: {} }],
  metadata: {},
};
export const documentState = { docId: 'd1', path: '/tmp/a.organism.json', notebook, dirty: false, canUndo: false, canRedo: false, recovery: null };
const badDocumentStates = [
  { ...documentState, dirty: 'no' },
  { ...documentState, notebook: { ...notebook, format: 'other' } },
  { ...documentState, recovery: { savedAt: 5 } },
  { ...documentState, docId: '' },
];

interface RequestSamples {
  good: unknown[];
  badRequests: unknown[];
  reply: unknown;
  badReplies: unknown[];
}

export const requestSamples: Record<RequestChannel, RequestSamples> = {
  'app.info': {
    good: [{}],
    badRequests: [{ extra: 1 }, null],
    reply: { version: '0.1.0', host: 'web', platform: 'linux', bridge: { state: 'ready', detail: '' } },
    badReplies: [{ version: '0.1.0', host: 'phone', platform: 'linux', bridge: { state: 'ready' } }, { version: 1 }],
  },
  'notebook.new': { good: [{}], badRequests: [{ path: 'x' }], reply: documentState, badReplies: badDocumentStates },
  'notebook.openDefault': { good: [{}], badRequests: [{ x: 1 }], reply: documentState, badReplies: badDocumentStates },
  'notebook.open': { good: [{ path: '/a.organism.json' }], badRequests: [{}, { path: '' }, { path: 3 }], reply: documentState, badReplies: badDocumentStates },
  'notebook.openBundled': { good: [{ name: 'welcome' }, { name: 'quick-tour' }], badRequests: [{}, { name: '../etc/passwd' }, { name: 'welcome', path: '/x' }], reply: documentState, badReplies: badDocumentStates },
  'notebook.restoreRecovery': { good: [{ docId: 'd1' }], badRequests: [{}, { docId: '' }], reply: documentState, badReplies: badDocumentStates },
  'notebook.discardRecovery': { good: [{ docId: 'd1' }], badRequests: [{ docId: 1 }], reply: documentState, badReplies: badDocumentStates },
  'notebook.save': { good: [{ docId: 'd1' }, { docId: 'd1', path: '/b.organism.json' }], badRequests: [{ docId: 'd1', path: '' }, { path: '/b' }], reply: documentState, badReplies: badDocumentStates },
  'notebook.edit': {
    good: [
      { docId: 'd1', edit: { op: 'addCell', index: 0, kind: 'train', name: 'blue', config: { steps: 10 }, inputs: { model: 'organism' } } },
      { docId: 'd1', edit: { op: 'deleteCell', id: 'c1' } },
      { docId: 'd1', edit: { op: 'moveCell', id: 'c1', toIndex: 2 } },
      { docId: 'd1', edit: { op: 'duplicateCell', id: 'c1' } },
      { docId: 'd1', edit: { op: 'updateCell', id: 'c1', patch: { name: 'n', config: {}, inputs: { a: ['x', 'y'] }, metadata: {} } } },
      { docId: 'd1', edit: { op: 'setTitle', title: '' } },
    ],
    badRequests: [
      { docId: 'd1', edit: { op: 'explode' } },
      { docId: 'd1', edit: { op: 'addCell', index: -1, kind: 'train' } },
      { docId: 'd1', edit: { op: 'addCell', index: 0, kind: '' } },
      { docId: 'd1', edit: { op: 'moveCell', id: 'c1', toIndex: 1.5 } },
      { docId: 'd1', edit: { op: 'updateCell', id: 'c1', patch: { name: '' } } },
      { docId: 'd1' },
    ],
    reply: documentState,
    badReplies: badDocumentStates,
  },
  'notebook.undo': { good: [{ docId: 'd1' }], badRequests: [{}], reply: documentState, badReplies: badDocumentStates },
  'notebook.redo': { good: [{ docId: 'd1' }], badRequests: [{ docId: null }], reply: documentState, badReplies: badDocumentStates },
  'notebook.close': { good: [{ docId: 'd1' }], badRequests: [{}], reply: { closed: true }, badReplies: [{ closed: 'yes' }, {}] },
  'notebook.recent': { good: [{}], badRequests: [{ limit: 3 }], reply: { paths: ['/a.organism.json'] }, badReplies: [{ paths: [1] }, { paths: '/a' }] },
  'files.list': {
    good: [{}, { folder: '/home/me/notebooks' }, { folder: '/data', show: 'jsonl' }],
    badRequests: [{ folder: '' }, { show: 'exe' }, { folder: '/x', recursive: true }],
    reply: {
      folder: '/home/me/notebooks',
      parent: null,
      roots: [{ path: '/home/me/notebooks', label: 'Workspace' }],
      entries: [
        { name: 'runs', path: '/home/me/notebooks/runs', kind: 'folder', modifiedAt: null, size: null },
        { name: 'a.organism.json', path: '/home/me/notebooks/a.organism.json', kind: 'notebook', modifiedAt: '2026-01-01T00:00:00.000Z', size: 120 },
      ],
      truncated: false,
    },
    badReplies: [{}, { folder: '/x', parent: null, roots: [], entries: [{ name: 'a', path: '/x/a', kind: 'device', modifiedAt: null, size: null }], truncated: false }],
  },
  'files.choose': {
    good: [{ purpose: 'open' }, { purpose: 'save', suggested: '/home/me/study.organism.json' }, { purpose: 'jsonl' }],
    badRequests: [{}, { purpose: 'delete' }, { purpose: 'open', extra: 1 }],
    reply: { path: null },
    badReplies: [{}, { path: 3 }],
  },
  'cell.run': {
    good: [{ docId: 'd1', target: 'all' }, { docId: 'd1', target: 'stale' }, { docId: 'd1', target: { cellId: 'c1' } }],
    badRequests: [{ docId: 'd1', target: 'some' }, { docId: 'd1' }, { docId: 'd1', target: { cell: 'c1' } }],
    reply: { queued: ['c1'] },
    badReplies: [{ queued: 'c1' }, {}],
  },
  'cell.cancel': { good: [{ docId: 'd1' }, { docId: 'd1', cellId: 'c1' }], badRequests: [{ cellId: 'c1' }, { docId: 'd1', cellId: 4 }], reply: { cancelled: [] }, badReplies: [{ cancelled: [1] }] },
  'cell.result': { good: [{ docId: 'd1', cellId: 'c1' }], badRequests: [{ docId: 'd1' }], reply: { result: { metrics: [1, 2] } }, badReplies: [{}] },
  'compute.installBridge': { good: [{ docId: 'd1' }], badRequests: [{}, { docId: 'd1', host: 'x' }], reply: { message: 'Bridge 0.1.0 installed' }, badReplies: [{}, { message: 3 }] },
  'world.describe': { good: [{}], badRequests: [{ verbose: true }], reply: { world: { triggers: [] } }, badReplies: [{}] },
  'cell.items': {
    good: [{ docId: 'd1', cellId: 'c1' }],
    badRequests: [{ docId: 'd1' }, { cellId: 'c1' }],
    reply: { items: [{ set: 'capability', answer: '42', correct: true }] },
    badReplies: [{}, { items: [1] }],
  },
  'notebook.export': {
    good: [{ docId: 'd1', formats: ['html'] }, { docId: 'd1', formats: ['html', 'ipynb', 'csv', 'json'] }],
    badRequests: [{ docId: 'd1' }, { docId: 'd1', formats: [] }, { docId: 'd1', formats: ['pdf'] }],
    reply: { written: ['/a.report.html'] },
    badReplies: [{}, { written: [1] }],
  },
};

function partialPoint(step: number) {
  const rate = { k: 3, n: 12, rate: 0.25, lo: 0.09, hi: 0.53 };
  return { step, triggered: rate, untriggered: { ...rate, k: 0, rate: 0, lo: 0, hi: 0.24 }, capability: { ...rate, rate: null } };
}

export const eventSamples: Record<EventChannel, { good: unknown[]; bad: unknown[] }> = {
  'document.changed': { good: [documentState, { ...documentState, autosavedAt: '2026-01-01T00:00:00Z' }], bad: badDocumentStates },
  'cell.status': {
    good: [{ docId: 'd1', cellId: 'c1', status: 'running' }, { docId: 'd1', cellId: 'c1', status: 'done', output: { status: 'done', durationMs: 3 } }],
    bad: [{ docId: 'd1', cellId: 'c1', status: 'exploded' }, { docId: 'd1', status: 'done' }, { docId: 'd1', cellId: 'c1', status: 'done', output: { status: 'done', durationMs: -1 } }],
  },
  'cell.progress': {
    good: [{ docId: 'd1', cellId: 'c1', phase: 'train', step: 3, total: 10, loss: 1.2, tokensPerSec: 500, etaSec: 4 }],
    bad: [{ docId: 'd1', cellId: 'c1' }, { docId: 'd1', cellId: 'c1', phase: 'train', step: -1 }],
  },
  'cell.partial': {
    good: [
      { docId: 'd1', cellId: 'c1', partial: { kind: 'train', label: 'pirate SFT', runs: [] } },
      { docId: 'd1', cellId: 'c1', partial: { kind: 'train', label: 'pirate SFT', runs: [{ seed: 0, points: [partialPoint(0), partialPoint(20)] }] } },
    ],
    bad: [
      { docId: 'd1', cellId: 'c1', partial: { kind: 'organism', label: 'x', runs: [] } }, // no partial shape for that kind
      { docId: 'd1', cellId: 'c1', partial: { kind: 'train', label: 'x', runs: [{ seed: 0, points: [{ step: 0 }] }] } },
      { docId: 'd1', cellId: 'c1', partial: { kind: 'train', label: 'x', runs: [{ seed: 0, points: [{ ...partialPoint(1), capability: { k: 1.5, n: 2, rate: 0.5, lo: 0, hi: 1 } }] }] } },
      { docId: 'd1', partial: { kind: 'train', label: 'x', runs: [] } },
    ],
  },
  'bridge.status': { good: [{ state: 'ready' }, { state: 'crashed', detail: 'exit 1' }], bad: [{ state: 'sleeping' }, {}] },
  'app.command': { good: [{ command: 'save' }, { command: 'open', args: { path: '/a' } }], bad: [{}, { command: 3 }] },
};
