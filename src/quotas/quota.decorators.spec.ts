import { describe, expect, it } from 'vitest';
import { submissionsInRequest } from './quota.decorators.js';

describe('submissionsInRequest', () => {
  it('counts one per request, or one per item of a Judge0 batch', () => {
    expect(submissionsInRequest('one', { submissions: [1, 2, 3] })).toBe(1);
    expect(submissionsInRequest('judge0-batch', { submissions: [{}, {}, {}] })).toBe(3);
  });

  it('counts a batch that is not one (the route then refuses it) as one', () => {
    expect(submissionsInRequest('judge0-batch', { submissions: 'x' })).toBe(1);
    expect(submissionsInRequest('judge0-batch', { submissions: [] })).toBe(1);
    expect(submissionsInRequest('judge0-batch', null)).toBe(1);
  });
});
