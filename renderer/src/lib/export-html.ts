// "Export": a self-contained HTML snapshot of the notebook as shown — prose, cell names and
// statuses, config values, result tables and plots (plotly draws SVG) — with the app's CSS inlined
// and no script, so it opens anywhere, offline, and can be mailed or presented.
import { fileName } from './format.js';

/** Build the snapshot from the rendered notebook column. */
export function notebookSnapshotHtml(column: HTMLElement, title: string, theme: string): string {
  const clone = column.cloneNode(true) as HTMLElement;
  // Form controls become their current values (a clone keeps attributes, not live values).
  const liveControls = column.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea');
  clone.querySelectorAll<HTMLElement>('input, select, textarea').forEach((control, index) => {
    const live = liveControls[index];
    const value = controlText(live);
    const span = document.createElement('span');
    span.className = control.matches('[data-testid="cell-name"]') ? 'export-name' : 'export-value';
    // An empty field shows its placeholder (usually the default that applies), marked as such.
    const placeholder = control.getAttribute('placeholder');
    if (!value && placeholder) span.classList.add('export-placeholder');
    span.textContent = value || placeholder || '—';
    control.replaceWith(span);
  });
  // Interactive chrome means nothing in a static page (removed after the controls were mapped,
  // so live and cloned controls line up by index).
  clone.querySelectorAll('button, [data-testid="add-cell"], .insert, script, .cm-editor').forEach((node) => node.remove());
  const css = collectCss();
  const generated = new Date().toLocaleString();
  return `<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Organism Studio">
<title>${escapeHtml(title)}</title>
<style>${css}
/* export overrides: everything rendered, nothing interactive */
html, body { height: auto; }
.cell { content-visibility: visible !important; }
.cell.markdown .cell-head { display: none !important; }
.export-header { max-width: 980px; margin: 0 auto; padding: 28px 28px 0; color: var(--text-muted); font-size: 12px; }
.export-header h1 { color: var(--text); font-size: 20px; margin: 0 0 4px; }
.export-value { display: inline-block; padding: 2px 8px; border: 1px solid var(--border); border-radius: 5px; background: var(--surface-2); font-size: 13px; }
.export-placeholder { color: var(--text-faint); font-style: italic; }
.export-name { font-family: var(--font-mono); font-weight: 600; font-size: 13px; }
</style>
</head>
<body>
<header class="export-header"><h1>${escapeHtml(title)}</h1>Exported from Organism Studio on ${escapeHtml(generated)}</header>
${clone.outerHTML}
</body>
</html>
`;
}

function controlText(control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | undefined): string {
  if (!control) return '';
  if (control instanceof HTMLSelectElement) return control.selectedOptions[0]?.textContent ?? control.value;
  if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) return control.checked ? '✓' : '✗';
  return control.value;
}

/** The app's own CSS rules (same-origin sheets), so the snapshot looks like the app. */
function collectCss(): string {
  const parts: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      for (const rule of Array.from(sheet.cssRules)) parts.push(rule.cssText);
    } catch {
      /* a cross-origin sheet: not ours, skip */
    }
  }
  return parts.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}

/** Offer the snapshot as a download named after the notebook. */
export function downloadHtml(html: string, notebookPath: string | null, title: string): string {
  const base = notebookPath ? fileName(notebookPath).replace(/\.organism\.json$|\.json$/i, '') : title.trim() || 'notebook';
  const name = `${base.replace(/[^\w.-]+/g, '_')}.html`;
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
