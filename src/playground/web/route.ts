/**
 * The submission a URL opens: `/#/submissions/<id>` (what the page links to) or `/?submission=<id>`;
 * null for anything else, including ids that are not 24 hex digits.
 */
export function submissionIdOfUrl(url: URL): string | null {
  const fromHash = /^#\/submissions\/([0-9a-fA-F]{24})$/.exec(url.hash)?.[1];
  const id = fromHash ?? url.searchParams.get('submission');
  return id && /^[0-9a-fA-F]{24}$/.test(id) ? id.toLowerCase() : null;
}
