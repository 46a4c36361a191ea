// Small HTML builders for the report: escaping, tables, rates with intervals, ground truth.
import { createHash } from 'node:crypto';
import type { Rate } from '../eval/wilson.js';

export function esc(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export const pct = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`);

/** "83% [71%, 91%] (53/64)": a rate always travels with its interval and n. */
export function rateText(r: Rate): string {
  return `${pct(r.rate)} <span class="ci">[${pct(r.lo)}, ${pct(r.hi)}] (${r.k}/${r.n})</span>`;
}

export function table(headers: string[], rows: string[][], className = ''): string {
  const head = `<tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="${esc(className)}"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export function groundTruthTable(groundTruth: Record<string, unknown>): string {
  const rows = Object.entries(groundTruth)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => [esc(k), `<code>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</code>`]);
  return table(['ground truth', 'value'], rows, 'gt');
}

/**
 * The report's Content-Security-Policy: the given inline scripts by hash and nothing else (hash
 * sources also turn off inline event handlers and javascript: URLs); inline styles, because plotly
 * styles its SVG with them; images only from data:/blob: (plotly's icons and PNG download).
 */
export function reportCsp(scripts: readonly string[]): string {
  const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** JSON safe to place inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
