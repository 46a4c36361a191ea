// Which links a page may hand to the operating system's browser (no Electron imports: unit-tested).

/** The http(s) URL in `url`, normalised by the URL parser; null for anything else. */
export function safeHttpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username || parsed.password) return null; // credentials in a link are a phishing shape
  return parsed.toString();
}
