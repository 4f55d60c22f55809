import type { DefaultValidatorOptions } from './default-output-validator.js';

/** Result of reading default output validator flags. */
export interface ParsedValidatorFlags {
  options: DefaultValidatorOptions;
  /** Problems, each naming the flag, e.g. `float_tolerance needs a number after it`. */
  errors: string[];
}

/**
 * Reads the ICPC default output validator's flags (problem package format: `case_sensitive`,
 * `space_change_sensitive`, `float_absolute_tolerance ε`, `float_relative_tolerance ε`,
 * `float_tolerance ε` = both) from whitespace-separated arguments, later flags over earlier ones.
 * @param base options the flags are applied on top of (e.g. the problem's, under a group's flags).
 */
export function parseValidatorFlags(args: readonly string[], base: DefaultValidatorOptions = {}): ParsedValidatorFlags {
  const tokens = args.flatMap((a) => a.split(/\s+/)).filter(Boolean);
  const options: DefaultValidatorOptions = { ...base };
  const errors: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const flag = tokens[i]!;
    const number = (): number | undefined => {
      const text = tokens[i + 1];
      const value = text === undefined ? NaN : Number(text);
      if (text !== undefined) i++; // the argument is consumed, valid or not
      if (!Number.isFinite(value) || value < 0) {
        errors.push(`${flag} needs a non-negative number after it${text === undefined ? '' : `, not "${text}"`}`);
        return undefined;
      }
      return value;
    };
    switch (flag) {
      case 'case_sensitive':
        options.caseSensitive = true;
        break;
      case 'space_change_sensitive':
        options.spaceChangeSensitive = true;
        break;
      case 'float_absolute_tolerance':
        options.floatAbsoluteTolerance = number() ?? options.floatAbsoluteTolerance;
        break;
      case 'float_relative_tolerance':
        options.floatRelativeTolerance = number() ?? options.floatRelativeTolerance;
        break;
      case 'float_tolerance': {
        const value = number();
        if (value !== undefined) {
          options.floatAbsoluteTolerance = value;
          options.floatRelativeTolerance = value;
        }
        break;
      }
      default:
        errors.push(`unknown default output validator flag "${flag}"`);
    }
  }
  return { options, errors };
}
