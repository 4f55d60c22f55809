import type { DefaultValidatorOptions } from './default-output-validator.js';

/**
 * The ICPC default output validator's flags as an API takes them, camelCase: `case_sensitive`,
 * `space_change_sensitive`, `float_absolute_tolerance ε`, `float_relative_tolerance ε` and
 * `float_tolerance ε` (both tolerances). Each optional; none means the validator's defaults.
 */
export interface DefaultValidatorSettings {
  caseSensitive?: boolean;
  spaceChangeSensitive?: boolean;
  floatAbsoluteTolerance?: number;
  floatRelativeTolerance?: number;
  floatTolerance?: number;
}

/**
 * The validator options the settings mean (one owner of that meaning, for problems and for inline
 * submissions): `floatTolerance` sets both tolerances; an explicit absolute or relative tolerance
 * wins over it for its own kind. Booleans absent stay absent (false).
 */
export function defaultValidatorOptionsOf(settings: DefaultValidatorSettings): DefaultValidatorOptions {
  const absolute = settings.floatAbsoluteTolerance ?? settings.floatTolerance;
  const relative = settings.floatRelativeTolerance ?? settings.floatTolerance;
  return {
    ...(settings.caseSensitive !== undefined ? { caseSensitive: settings.caseSensitive } : {}),
    ...(settings.spaceChangeSensitive !== undefined ? { spaceChangeSensitive: settings.spaceChangeSensitive } : {}),
    ...(absolute !== undefined ? { floatAbsoluteTolerance: absolute } : {}),
    ...(relative !== undefined ? { floatRelativeTolerance: relative } : {}),
  };
}
