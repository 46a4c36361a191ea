// A report whose every user-controlled string is a payload: the title, cell ids, names and kinds,
// markdown sources, the figure title, a run's error and its stored summary. Used by the unit
// property (markup stays inert) and by the e2e that opens the export in Chromium.
import type { ReportData } from '../../../../electron/core/report/collect.js';

/** Script-running markup for each context a string can land in: text, attribute, <script>, URL. */
export const PAYLOADS: readonly string[] = [
  '"><img src=x onerror="window.__xss=(window.__xss||0)+1">',
  "'><svg onload=window.__xss=1>",
  '</script><script>window.__xss=1</script>',
  '<iframe src="javascript:parent.__xss=1"></iframe>',
  '<base href="javascript:window.__xss=1//">',
  '<form action="javascript:window.__xss=1"><button id=go>go</button></form>',
  '[click](javascript:window.__xss=1) <a href="javascript:window.__xss=1">a</a>',
  '<!--><img src=x onerror=window.__xss=1>-->',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
];

const manifest = { hash: 'h', kind: 'plot', cellName: 'p', config: {}, inputs: {}, codeVersion: 'v', runnerVersion: '1', startedAt: '', finishedAt: '', durationMs: 1 };

export function hostileReport(payload: string, index = 0): ReportData {
  const figure = { data: [{ type: 'scatter', x: [1, 0.9], y: [0.8, 0.4], name: payload }], layout: { title: { text: payload } } };
  return {
    title: payload,
    notebookPath: `/tmp/${payload}.organism.json`,
    generatedAt: '2026-12-01T00:00:00Z',
    codeVersion: payload,
    cells: [
      { cell: { id: `md${index}${payload}`, kind: 'markdown', name: `md${index}`, config: { source: `# ${payload}\n\n${payload}\n\n\`code ${payload}\`` }, inputs: {}, output: null, metadata: {} }, status: 'passive', artifact: null },
      {
        cell: { id: `plot${index}${payload}`, kind: 'plot', name: `plot${index}${payload}`, config: {}, inputs: {}, output: null, metadata: {} },
        status: 'done',
        artifact: { hash: 'h', dir: '/tmp', manifest, output: { summary: { note: payload }, data: { type: 'tradeoff', figure } } },
      },
      {
        cell: { id: `other${index}${payload}`, kind: `kind${payload}`, name: `other${index}`, config: {}, inputs: {}, output: null, metadata: {} },
        status: 'done',
        artifact: { hash: 'h2', dir: '/tmp', manifest: { ...manifest, kind: 'x' }, output: { summary: { payload }, data: null } },
      },
      { cell: { id: `err${index}${payload}`, kind: 'train', name: `err${index}`, config: {}, inputs: {}, output: null, metadata: {} }, status: 'error', error: payload, artifact: null },
    ],
  };
}
