// Every string from a notebook that reaches markup in an export is escaped: generated strings
// mixing script-running payloads with arbitrary text go into the title, ids, names, kinds, markdown
// and results; the report's markup then holds only the tags the report itself writes, its scripts
// are exactly its own (allowed by hash in its CSP), and the .ipynb's markdown holds no raw tag.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../electron/core/report/html.js';
import { notebookIpynb } from '../../../electron/core/report/ipynb.js';
import { markdownWithoutHtml } from '../../../electron/core/report/markdown-safe.js';
import { propertyOptions } from '../support/fast-check.js';
import { PAYLOADS, hostileReport } from './support/hostile-report.js';

const PLOTLY = 'window.Plotly={newPlot:function(){}};';
// Tags the report writes itself; a payload's tags (img, svg, iframe, base, form, math, a) are not among them.
// Markdown adds its own (a, blockquote, hr, …); what matters is that no tag came from a payload,
// and that no tag the report or markdown wrote carries an event handler or a javascript: URL.
const REPORT_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'script', 'body', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'small', 'section', 'div', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'b', 'i', 'span', 'ul', 'ol', 'li', 'br', 'em', 'strong', 'a', 'blockquote', 'hr', 's']);

function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g)) {
    const name = (match[1] as string).toLowerCase();
    if (!REPORT_TAGS.has(name)) problems.push(`tag <${name}>`);
    const attributes = match[2] as string;
    // Attribute values are escaped text: judge the attribute names outside them, the URLs inside.
    if (/\son[a-z]+\s*=/i.test(attributes.replace(/"[^"]*"/g, '""'))) problems.push(`handler in <${name}${attributes}>`);
    if (/(href|src|action)\s*=\s*"\s*javascript:/i.test(attributes)) problems.push(`javascript: URL in <${name}${attributes}>`);
  }
  return problems;
}
const hostile = fc.tuple(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })).map(([p, a, b]) => `${a}${p}${b}`);

describe('exports escape every string from the notebook', () => {
  it('HTML report: only its own tags and scripts, a CSP that allows exactly those scripts', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (payload) => {
        const { html } = await renderReportHtml(hostileReport(payload), { plotly: PLOTLY });
        expect(unsafeMarkup(html)).toEqual([]);
        expect(html.match(/<script/g)).toHaveLength(3); // plotly, the figures' JSON, the boot script
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? '';
        expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+'; /);
        expect(csp).not.toMatch(/unsafe-inline'[^;]*;.*script|script-src[^;]*unsafe/);
        expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<title>'));
      }),
      propertyOptions(60),
    );
  });

  it('.ipynb: no raw HTML from user strings in markdown, HTML outputs escaped', () => {
    fc.assert(
      fc.property(hostile, (payload) => {
        const nb = JSON.parse(notebookIpynb(hostileReport(payload))) as { cells: Array<{ cell_type: string; source: string; outputs?: Array<{ data: Record<string, unknown> }> }> };
        for (const cell of nb.cells.filter((c) => c.cell_type === 'markdown')) {
          // Code spans render literally; a backslash-escaped `<` renders as the character.
          const outsideCode = cell.source.replace(/`[^`]*`/g, '');
          expect(outsideCode).not.toMatch(/(?<!\\)<[A-Za-z/!?]/);
        }
        for (const cell of nb.cells.filter((c) => c.cell_type === 'code')) {
          for (const output of cell.outputs ?? []) {
            const html = output.data['text/html'];
            if (typeof html !== 'string') continue;
            expect(unsafeMarkup(html)).toEqual([]);
          }
        }
      }),
      propertyOptions(100),
    );
  });

  it('markdown keeps code as written and only neutralises tag openers', () => {
    expect(markdownWithoutHtml('a < b and <b>bold</b>\n\n```\n<b>code</b>\n```\n`<i>` done')).toBe('a < b and &lt;b>bold&lt;/b>\n\n```\n<b>code</b>\n```\n`<i>` done');
    expect(markdownWithoutHtml('\\<b> and <!-- c --> <?x?>')).toBe('\\<b> and &lt;!-- c --> &lt;?x?>');
  });
});
