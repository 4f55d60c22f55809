import { describe, expect, it } from 'vitest';
import { defaultOutputValidator } from './default-output-validator.js';
import { defaultValidatorOptionsOf } from './default-validator-settings.js';

describe('defaultValidatorOptionsOf (the camelCase checker settings)', () => {
  it('no settings: no flags', () => {
    expect(defaultValidatorOptionsOf({})).toEqual({});
  });

  it('floatTolerance sets both tolerances; an explicit one wins for its kind', () => {
    expect(defaultValidatorOptionsOf({ floatTolerance: 1e-3 })).toEqual({ floatAbsoluteTolerance: 1e-3, floatRelativeTolerance: 1e-3 });
    expect(defaultValidatorOptionsOf({ floatTolerance: 1e-3, floatRelativeTolerance: 0 })).toEqual({
      floatAbsoluteTolerance: 1e-3,
      floatRelativeTolerance: 0,
    });
  });

  it('keeps the booleans as given, and the validator reads them as its flags', () => {
    const strict = defaultValidatorOptionsOf({ caseSensitive: true, spaceChangeSensitive: false });
    expect(strict).toEqual({ caseSensitive: true, spaceChangeSensitive: false });
    expect(defaultOutputValidator(Buffer.from('YES\n'), Buffer.from('yes\n'), strict).accepted).toBe(false);
    expect(defaultOutputValidator(Buffer.from('YES\n'), Buffer.from('yes\n'), {}).accepted).toBe(true);
    const tolerant = defaultValidatorOptionsOf({ floatAbsoluteTolerance: 1e-3 });
    expect(defaultOutputValidator(Buffer.from('3.14159\n'), Buffer.from('3.1416\n'), tolerant).accepted).toBe(true);
    expect(defaultOutputValidator(Buffer.from('3.14159\n'), Buffer.from('3.1416\n'), {}).accepted).toBe(false);
  });
});
