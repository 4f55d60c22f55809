/**
 * The readable text of an API error response: its `message` (a string, or a list of `<field> <rule>`
 * strings, one per line), plus the entries of a `details` list when the body has one (strings, or
 * objects with a `message` and maybe a `field`), without repeating lines. Falls back to the HTTP
 * status when the body says nothing usable (not JSON, HTML from a proxy).
 * @param status HTTP status of the response, e.g. 400.
 * @param body the parsed JSON body, or the raw text when it was not JSON.
 */
export function apiErrorMessage(status: number, body: unknown): string {
  const lines: string[] = [];
  const add = (line: unknown): void => {
    if (typeof line !== 'string') return;
    const text = line.trim();
    if (text && !lines.includes(text)) lines.push(text);
  };
  if (typeof body === 'object' && body !== null) {
    const { message, details } = body as { message?: unknown; details?: unknown };
    if (Array.isArray(message)) message.forEach(add);
    else add(message);
    if (Array.isArray(details)) {
      for (const detail of details) {
        if (typeof detail === 'string') add(detail);
        else if (typeof detail === 'object' && detail !== null) {
          const { field, message: text } = detail as { field?: unknown; message?: unknown };
          if (typeof text === 'string' && typeof field === 'string' && !text.startsWith(field)) add(`${field} ${text}`);
          else add(text);
        }
      }
    }
  } else if (typeof body === 'string' && body.length <= 500 && !body.trimStart().startsWith('<')) {
    add(body);
  }
  return lines.length > 0 ? lines.join('\n') : `the API answered HTTP ${status}`;
}
