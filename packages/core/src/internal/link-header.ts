/**
 * The target of the `rel="next"` link in an HTTP `Link` header (RFC 8288), as written: it may be
 * relative. `undefined` when there is no such link. Tolerates several links, several relation
 * types in one `rel`, unquoted `rel` values and any letter case.
 */
export function nextLinkTarget(header: string | null): string | undefined {
  if (header === null) return undefined;
  const linkPattern = /<([^>]*)>([^<]*)/g;
  for (const match of header.matchAll(linkPattern)) {
    const target = match[1];
    const params = match[2] ?? '';
    if (target === undefined) continue;
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return target.trim();
  }
  return undefined;
}
