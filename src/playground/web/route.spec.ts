import { describe, expect, it } from 'vitest';
import { submissionIdOfUrl } from './route.js';

const ID = '6b0cf7de9a5a2d7dba1e512e';

describe('submissionIdOfUrl', () => {
  it('reads the hash permalink and the query form, in lowercase', () => {
    expect(submissionIdOfUrl(new URL(`http://h/#/submissions/${ID}`))).toBe(ID);
    expect(submissionIdOfUrl(new URL(`http://h/?submission=${ID.toUpperCase()}`))).toBe(ID);
  });

  it('ignores anything that is not a submission id', () => {
    expect(submissionIdOfUrl(new URL('http://h/'))).toBeNull();
    expect(submissionIdOfUrl(new URL('http://h/#/submissions/123'))).toBeNull();
    expect(submissionIdOfUrl(new URL(`http://h/#/submissions/${ID}/x`))).toBeNull();
    expect(submissionIdOfUrl(new URL('http://h/?submission=<script>'))).toBeNull();
  });
});
