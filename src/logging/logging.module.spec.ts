import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { REQUEST_ID_HEADER, requestIdOf } from './logging.module.js';

function exchange(given?: string) {
  const headers: Record<string, string> = {};
  const req = { headers: given === undefined ? {} : { [REQUEST_ID_HEADER]: given } } as unknown as IncomingMessage;
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as ServerResponse;
  return { id: requestIdOf(req, res), headers };
}

describe('requestIdOf', () => {
  it('keeps a well-formed client id and echoes it in the response', () => {
    expect(exchange('checkout-42.a:b_c')).toEqual({ id: 'checkout-42.a:b_c', headers: { [REQUEST_ID_HEADER]: 'checkout-42.a:b_c' } });
  });

  it('replaces a missing, long or unsafe id (log injection) with a UUID', () => {
    for (const given of [undefined, '', 'x'.repeat(65), 'a b', 'line\nbreak', '\u001b[31mred']) {
      const { id, headers } = exchange(given);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(headers[REQUEST_ID_HEADER]).toBe(id);
    }
  });
});
