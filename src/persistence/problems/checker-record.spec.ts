import { describe, expect, it } from 'vitest';
import { CheckerRecordSchema } from './problem.schema.js';

describe('CheckerRecord', () => {
  it('stores the default validator options of DefaultCheckerRecord beside its own fields', () => {
    expect(Object.keys(CheckerRecordSchema.paths)).toEqual(
      expect.arrayContaining([
        'caseSensitive',
        'spaceChangeSensitive',
        'floatAbsoluteTolerance',
        'floatRelativeTolerance',
        'kind',
        'language',
        'files',
        'args',
      ]),
    );
  });
});
