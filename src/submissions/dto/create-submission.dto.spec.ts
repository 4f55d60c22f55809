import { ValidationPipe } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../common/error-body.js';
import { InvalidRequestException } from '../../common/invalid-request.exception.js';
import { API_VALIDATION_OPTIONS } from '../../common/validation.options.js';
import { CreateSubmissionDto } from './create-submission.dto.js';

const pipe = new ValidationPipe(API_VALIDATION_OPTIONS);

/** Runs the API's global pipe on `body` as a POST /submissions body; returns the DTO or the 400's messages. */
async function validate(body: unknown): Promise<{ dto?: CreateSubmissionDto; messages?: string[] }> {
  try {
    const dto = (await pipe.transform(body, { type: 'body', metatype: CreateSubmissionDto })) as CreateSubmissionDto;
    return { dto };
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestException);
    const response = (error as InvalidRequestException).getResponse() as ErrorBody;
    expect(response.statusCode).toBe(400);
    expect(response.message).toBe((error as InvalidRequestException).messages.join('; '));
    return { messages: [...(error as InvalidRequestException).messages] };
  }
}

const valid = { language: 'python3', sourceCode: 'print(1)' };

describe('CreateSubmissionDto (global ValidationPipe)', () => {
  it('accepts the minimal body and the full one', async () => {
    expect((await validate(valid)).dto).toBeInstanceOf(CreateSubmissionDto);
    const full = {
      ...valid,
      testCases: [
        { input: '', expectedOutput: '' },
        { input: '1 2', expectedOutput: '3' },
      ],
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
    };
    const { dto, messages } = await validate(full);
    expect(messages).toBeUndefined();
    expect(dto?.testCases).toHaveLength(2);
    expect(dto?.limits?.cpuTimeMs).toBe(1000);
  });

  it('names each missing or empty required field', async () => {
    expect((await validate({})).messages).toEqual(
      expect.arrayContaining(['language must be a string', 'language should not be empty', 'sourceCode must be a string']),
    );
    expect((await validate({ ...valid, sourceCode: '' })).messages).toEqual(['sourceCode should not be empty']);
    expect((await validate({ ...valid, language: '' })).messages).toEqual(['language should not be empty']);
  });

  it('refuses wrong types without converting them', async () => {
    expect((await validate({ language: 5, sourceCode: ['x'] })).messages).toEqual(
      expect.arrayContaining(['language must be a string', 'sourceCode must be a string']),
    );
    expect((await validate({ ...valid, stdin: 12 })).messages).toEqual(['stdin must be a string']);
    expect((await validate({ ...valid, expectedOutput: false })).messages).toEqual(['expectedOutput must be a string']);
    expect((await validate({ ...valid, limits: { cpuTimeMs: '1000' } })).messages).toEqual([
      'limits.cpuTimeMs must be a positive number',
      'limits.cpuTimeMs must be an integer number',
    ]);
    expect((await validate({ ...valid, limits: 'fast' })).messages).toContain('limits must be an object');
    expect((await validate({ ...valid, testCases: 'x' })).messages).toContain('testCases must be an array');
    expect((await validate({ ...valid, testCases: [{ input: 5, expectedOutput: null }] })).messages).toEqual(
      expect.arrayContaining(['testCases.0.input must be a string', 'testCases.0.expectedOutput must be a string']),
    );
  });

  it('wants limits to be positive integers, memory at least 4096 KiB, the wall limit at least 100 ms', async () => {
    expect((await validate({ ...valid, limits: { memoryKiB: 1024 } })).messages).toEqual(['limits.memoryKiB must not be less than 4096']);
    for (const wallTimeMs of [0, 99]) {
      expect((await validate({ ...valid, limits: { wallTimeMs } })).messages).toEqual(['limits.wallTimeMs must not be less than 100']);
    }
    expect(await validate({ ...valid, limits: { wallTimeMs: 100 } })).not.toHaveProperty('messages');
    for (const field of ['cpuTimeMs', 'outputKiB']) {
      expect((await validate({ ...valid, limits: { [field]: 0 } })).messages).toEqual([`limits.${field} must be a positive number`]);
      expect((await validate({ ...valid, limits: { [field]: -3 } })).messages).toEqual([`limits.${field} must be a positive number`]);
      expect((await validate({ ...valid, limits: { [field]: 1.5 } })).messages).toEqual([`limits.${field} must be an integer number`]);
    }
  });

  it('wants at least one test case when testCases is given', async () => {
    expect((await validate({ ...valid, testCases: [] })).messages).toEqual(['testCases must contain at least 1 element']);
  });

  it('refuses test cases that are arrays (nested validation would skip them and drop the expected output)', async () => {
    for (const testCases of [[[{ input: '1', expectedOutput: '1' }]], [[]], ['x']]) {
      expect((await validate({ ...valid, testCases })).messages, JSON.stringify(testCases)).toContain(
        'testCases must contain only objects (test cases)',
      );
    }
  });

  it('checker: booleans and non-negative finite numbers, nothing else', async () => {
    const { dto } = await validate({ ...valid, checker: { caseSensitive: true, floatTolerance: 1e-6, floatAbsoluteTolerance: 0 } });
    expect(dto?.checker).toEqual({ caseSensitive: true, floatTolerance: 1e-6, floatAbsoluteTolerance: 0 });
    expect((await validate({ ...valid, checker: { spaceChangeSensitive: 1 } })).messages).toEqual([
      'checker.spaceChangeSensitive must be a boolean value',
    ]);
    expect((await validate({ ...valid, checker: { floatRelativeTolerance: -0.1 } })).messages).toEqual([
      'checker.floatRelativeTolerance must not be less than 0',
    ]);
    expect((await validate({ ...valid, checker: { floatTolerance: Infinity } })).messages).toEqual([
      expect.stringMatching(/^checker\.floatTolerance must be a number/),
    ]);
    expect((await validate({ ...valid, checker: { kind: 'custom' } })).messages).toEqual(['checker.kind should not exist']);
  });

  it('refuses unknown properties, nested ones included', async () => {
    expect((await validate({ ...valid, priority: 1 })).messages).toEqual(['priority should not exist']);
    expect((await validate({ ...valid, limits: { stackKiB: 1 } })).messages).toEqual(['limits.stackKiB should not exist']);
    expect((await validate({ ...valid, testCases: [{ input: '', expectedOutput: '', points: 1 }] })).messages).toEqual([
      'testCases.0.points should not exist',
    ]);
  });

  it('reports every broken rule at once', async () => {
    const { messages } = await validate({ language: '', sourceCode: '', limits: { cpuTimeMs: 0, memoryKiB: -1 } });
    expect(messages).toEqual(
      expect.arrayContaining([
        'language should not be empty',
        'sourceCode should not be empty',
        'limits.cpuTimeMs must be a positive number',
        'limits.memoryKiB must not be less than 4096',
      ]),
    );
  });

  it('refuses a body that is not an object', async () => {
    expect((await validate([valid])).messages).toEqual(expect.arrayContaining(['0 should not exist', 'language must be a string']));
    expect((await validate(null)).messages).toEqual(expect.arrayContaining(['language must be a string', 'sourceCode must be a string']));
  });
});
