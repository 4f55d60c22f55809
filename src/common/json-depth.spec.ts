import { describe, expect, it } from 'vitest';
import { jsonNestingDepth, MAX_JSON_DEPTH, refuseDeepJson } from './json-depth.js';

const depth = (text: string): number => jsonNestingDepth(Buffer.from(text));

describe('jsonNestingDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(depth('1')).toBe(0);
    expect(depth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(depth('[[],[[]]]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depth('{"a":"[[[{{{"}')).toBe(1);
    expect(depth('{"a":"\\"[[[","b":["\\\\"]}')).toBe(2);
  });

  it('stops counting past the bound', () => {
    expect(jsonNestingDepth(Buffer.from('['.repeat(100_000)), 10)).toBe(11);
  });
});

describe('refuseDeepJson', () => {
  const verify = refuseDeepJson();
  const call = (text: string) => () => verify({} as never, {} as never, Buffer.from(text));

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more with a 400 naming the rule`, () => {
    expect(call('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).not.toThrow();
    expect(call('{"stdin":' + '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH) + '}')).toThrow(
      expect.objectContaining({ status: 400, message: `body must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep` }),
    );
  });
});
