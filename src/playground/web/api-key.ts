/** Where the page keeps the API key: this tab's sessionStorage (gone when the tab closes; never sent anywhere else). */
const STORAGE_KEY = 'verdict.apiKey';

/** The API key entered on this tab, or null (an API running open on loopback needs none; docs/auth.md). */
export function storedApiKey(): string | null {
  try {
    const key = sessionStorage.getItem(STORAGE_KEY)?.trim();
    return key ? key : null;
  } catch {
    // Storage refused (a privacy setting): no key.
    return null;
  }
}

/** Keeps `key` for this tab (an empty one forgets it). */
export function storeApiKey(key: string): void {
  try {
    if (key.trim()) sessionStorage.setItem(STORAGE_KEY, key.trim());
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused: the key lasts for this page only (not kept).
  }
}

/** The request headers carrying the stored key (`x-api-key`), or none. */
export function apiKeyHeaders(): Record<string, string> {
  const key = storedApiKey();
  return key ? { 'x-api-key': key } : {};
}
