import { describe, expect, it } from 'vitest';
import { parseValidatorFlags } from './default-validator-flags.js';

describe('parseValidatorFlags', () => {
  it('reads every flag of the format, float_tolerance setting both tolerances', () => {
    expect(parseValidatorFlags(['case_sensitive space_change_sensitive', 'float_tolerance', '1e-6']).options).toEqual({
      caseSensitive: true,
      spaceChangeSensitive: true,
      floatAbsoluteTolerance: 1e-6,
      floatRelativeTolerance: 1e-6,
    });
    expect(parseValidatorFlags(['float_relative_tolerance 0.5'], { caseSensitive: true }).options).toEqual({
      caseSensitive: true,
      floatRelativeTolerance: 0.5,
    });
  });

  it('names unknown flags and missing numbers', () => {
    expect(parseValidatorFlags(['float_tolerance']).errors).toEqual(['float_tolerance needs a non-negative number after it']);
    expect(parseValidatorFlags(['float_tolerance x']).errors).toEqual(['float_tolerance needs a non-negative number after it, not "x"']);
    expect(parseValidatorFlags(['ignore_case']).errors).toEqual(['unknown default output validator flag "ignore_case"']);
  });
});
