import { describe, expect, it } from 'vitest';
import { inputValidatorArgsFor, inputValidatorNames } from './input-validator-args.js';

describe('inputValidatorNames', () => {
  it("is a file's name with and without extension, a directory's name", () => {
    expect(inputValidatorNames('input_validators/validate.py')).toEqual(['validate.py', 'validate']);
    expect(inputValidatorNames('input_validators/range/')).toEqual(['range']);
    expect(inputValidatorNames('input_format_validators/check')).toEqual(['check']);
  });
});

describe('inputValidatorArgsFor', () => {
  it("gives a validator the arguments for every validator, then those given for it by name, and none of another's", () => {
    const args = [
      { validator: null, args: ['--all'] },
      { validator: 'validate', args: ['--n', '5'] },
      { validator: 'range', args: ['--other'] },
    ];
    expect(inputValidatorArgsFor('input_validators/validate.py', args)).toEqual(['--all', '--n', '5']);
    expect(inputValidatorArgsFor('input_validators/range/', args)).toEqual(['--all', '--other']);
    expect(inputValidatorArgsFor('input_validators/x.cpp', args)).toEqual(['--all']);
    expect(inputValidatorArgsFor('input_validators/x.cpp', [])).toEqual([]);
  });
});
