// Markdown → sanitized HTML. markdown-it with raw HTML disabled, then DOMPurify as a second wall
// (notebooks are shared files: a preview must never run script). Results are memoized by source,
// because a 500-cell notebook re-renders previews on every document change.
import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

// Open links outside the app (target=_blank + rel) instead of navigating the notebook away.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.getAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

/** One piece of a long source (markdown-chunks.ts), sanitized like the rest but not memoized. */
export function renderMarkdownPiece(source: string): string {
  return DOMPurify.sanitize(md.render(source), { USE_PROFILES: { html: true } });
}

export function renderMarkdown(source: string): string {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const html = renderMarkdownPiece(source);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(source, html);
  return html;
}
