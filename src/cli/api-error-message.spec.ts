import { describe, expect, it } from 'vitest';
import { apiErrorMessage } from './api-error-message.js';

describe('apiErrorMessage', () => {
  it('prints a string message, and a list of rules one per line', () => {
    expect(apiErrorMessage(404, { statusCode: 404, error: 'Not Found', message: 'problem x not found' })).toBe('problem x not found');
    expect(apiErrorMessage(400, { statusCode: 400, message: ['language should not be empty', 'sourceCode must be a string'] })).toBe(
      'language should not be empty\nsourceCode must be a string',
    );
  });

  it('adds a details list (strings or { field, message }) without repeating what message said', () => {
    const body = {
      message: 'the request is invalid',
      details: [
        'limits.cpuTimeMs must not be greater than 10000',
        { field: 'language', message: 'must be one of c, python3' },
        { message: 'the request is invalid' },
      ],
    };
    expect(apiErrorMessage(400, body)).toBe(
      'the request is invalid\nlimits.cpuTimeMs must not be greater than 10000\nlanguage must be one of c, python3',
    );
    expect(apiErrorMessage(400, { message: 'x', details: [{ field: 'slug', message: 'slug is taken' }] })).toBe('x\nslug is taken');
  });

  it('falls back to the status for bodies that say nothing usable (empty, HTML, not an object)', () => {
    expect(apiErrorMessage(502, '<html><body>Bad Gateway</body></html>')).toBe('the API answered HTTP 502');
    expect(apiErrorMessage(500, {})).toBe('the API answered HTTP 500');
    expect(apiErrorMessage(503, { message: ['', '  '] })).toBe('the API answered HTTP 503');
    expect(apiErrorMessage(503, 'Service Unavailable')).toBe('Service Unavailable');
  });
});
