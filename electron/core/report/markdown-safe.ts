// Markdown that carries no raw HTML, for exports read by other tools (the .ipynb: JupyterLab and
// VS Code render raw HTML inside markdown cells). The report itself renders markdown with
// markdown-it's html:false; these give the same guarantee to markdown we hand over as text.

/** Plain text as markdown that renders as that text: every ASCII punctuation mark escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The user's markdown with every `<` that could open a tag, comment or declaration (`<` then a
 * letter, `/`, `!` or `?`) written as `&lt;`, so it renders as text. Fenced code blocks and code
 * spans are left alone (no HTML is rendered there); inside an indented code block the escape shows
 * as `&lt;`, the price of not parsing lists to tell those apart.
 */
export function markdownWithoutHtml(source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) out.push(inertInline(paragraph.join('\n')));
    paragraph = [];
  };
  for (const line of lines) {
    const opener = FENCE.exec(line)?.[1];
    if (fence !== null) {
      out.push(line);
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = null;
      continue;
    }
    if (opener) {
      flush();
      fence = opener;
      out.push(line);
      continue;
    }
    if (line.trim() === '') {
      flush();
      out.push(line);
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return out.join('\n');
}

/** One run of non-code lines: code spans kept verbatim, tag openers escaped elsewhere. */
function inertInline(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      out += text.slice(i, i + 2); // an escaped character stays escaped
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const close = closingRun(text, i + run, run);
      if (close >= 0) {
        out += text.slice(i, close + run);
        i = close + run;
      } else {
        out += text.slice(i, i + run);
        i += run;
      }
      continue;
    }
    if (c === '<' && /[A-Za-z/!?]/.test(text[i + 1] ?? '')) out += '&lt;';
    else out += c;
    i++;
  }
  return out;
}

/** Index of the next run of exactly `run` backticks at or after `from`, or -1. */
function closingRun(text: string, from: number, run: number): number {
  let i = text.indexOf('`', from);
  while (i >= 0) {
    let n = 1;
    while (text[i + n] === '`') n++;
    if (n === run) return i;
    i = text.indexOf('`', i + n);
  }
  return -1;
}
