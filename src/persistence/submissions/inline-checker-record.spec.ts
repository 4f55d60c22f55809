import { describe, expect, it } from 'vitest';
import { SubmissionSchema } from './submission.schema.js';

describe("a submission's inline checker", () => {
  it('is stored as DefaultCheckerRecord: the four default validator options', () => {
    const checker = SubmissionSchema.path('checker') as unknown as { schema: { paths: Record<string, unknown> } };
    expect(Object.keys(checker.schema.paths).sort()).toEqual([
      'caseSensitive',
      'floatAbsoluteTolerance',
      'floatRelativeTolerance',
      'spaceChangeSensitive',
    ]);
  });
});
