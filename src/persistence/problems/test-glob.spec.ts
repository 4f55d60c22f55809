import { describe, expect, it } from 'vitest';
import { globMatches } from './test-glob.js';

describe('globMatches (submissions.yaml globs)', () => {
  it('matches a path or one of its ancestors; * stays within one name', () => {
    expect(globMatches('accepted', 'accepted/a.py')).toBe(true);
    expect(globMatches('accepted/*', 'accepted/a.py')).toBe(true);
    expect(globMatches('*', 'accepted/a.py')).toBe(true);
    expect(globMatches('accepted/*.cpp', 'accepted/a.py')).toBe(false);
    expect(globMatches('secret/*-easy', 'secret/03-easy')).toBe(true);
    expect(globMatches('secret/*-easy', 'secret/03-hard')).toBe(false);
    expect(globMatches('secret/group1', 'secret/group1/deeper/07')).toBe(true);
    expect(globMatches('secret/group1', 'secret/group10/07')).toBe(false);
    expect(globMatches('s*t', 'secret/x')).toBe(true);
    expect(globMatches('secret*1', 'secret/group1')).toBe(false);
  });

  it('expands {a,b} alternatives (nested too) and takes other characters literally', () => {
    expect(globMatches('accepted/{simple,complex}.py', 'accepted/complex.py')).toBe(true);
    expect(globMatches('accepted/author.{py,c{pp,c}}', 'accepted/author.cc')).toBe(true);
    expect(globMatches('accepted/author.{py,cpp}', 'accepted/author.java')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('a[b]', 'a[b]')).toBe(true);
  });
});
