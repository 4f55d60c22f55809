import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import type { JudgeLimitsSettings } from '../config/judge-limits.config.js';
import type { LanguagesService } from '../languages/languages.service.js';
import type { CreateSubmissionDto } from './dto/create-submission.dto.js';
import { CallbackUrlPolicy } from '../webhooks/callback-url.policy.js';
import { SubmissionRequestValidator } from './submission-request.validator.js';

const settings: JudgeLimitsSettings = {
  maxSourceBytes: 16,
  maxTestCases: 3,
  maxTestDataBytes: 8,
  defaults: { cpuTimeMs: 2000, wallTimeMs: 0, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
};

/** A LanguagesService stand-in offering `ids`, or failing like one with no worker to ask. */
function languages(ids: string[] | 'no-worker'): LanguagesService {
  return {
    check: async (id: string) => {
      if (ids === 'no-worker') throw new DependencyUnavailableError('worker', 'no worker answered');
      return { known: ids.includes(id), available: ids };
    },
  } as unknown as LanguagesService;
}

/** A deployment without WEBHOOK_SECRET (every callbackUrl refused), and one with a secret whose DNS answers loopback for every name. */
const noWebhooks = new CallbackUrlPolicy({ secret: null, allowedHosts: new Set() });
const webhooks = new CallbackUrlPolicy({ secret: 's'.repeat(32), allowedHosts: new Set(['hooks.internal']) }, async () => [
  { address: '127.0.0.1', family: 4 },
]);

const dto = (fields: Partial<CreateSubmissionDto> = {}): CreateSubmissionDto =>
  Object.assign({ language: 'c', sourceCode: 'int main;' }, fields) as CreateSubmissionDto;

async function messagesOf(promise: Promise<void>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidRequestException);
  return [...(error as InvalidRequestException).messages];
}

describe('SubmissionRequestValidator', () => {
  const validator = new SubmissionRequestValidator(settings, languages(['c', 'cpp17', 'python3']), noWebhooks);

  it('accepts a request within every bound', async () => {
    await expect(
      validator.validate(dto({ testCases: [{ input: '1', expectedOutput: '2' }], limits: { cpuTimeMs: 10000 } })),
    ).resolves.toBeUndefined();
  });

  it('names the languages on offer when the language is unknown', async () => {
    expect(await messagesOf(validator.validate(dto({ language: 'cobol' })))).toEqual(['language must be one of: c, cpp17, python3']);
  });

  it('counts source size in UTF-8 bytes, not characters', async () => {
    await expect(validator.validate(dto({ sourceCode: 'a'.repeat(16) }))).resolves.toBeUndefined();
    // 9 characters, 18 bytes.
    expect(await messagesOf(validator.validate(dto({ sourceCode: 'é'.repeat(9) })))).toEqual([
      'sourceCode must not be longer than 16 bytes (UTF-8); it is 18 bytes',
    ]);
  });

  it('bounds the number of test cases and the size of each input and expected output', async () => {
    const four = Array.from({ length: 4 }, () => ({ input: '', expectedOutput: '' }));
    expect(await messagesOf(validator.validate(dto({ testCases: four })))).toEqual(['testCases must contain no more than 3 elements']);
    expect(
      await messagesOf(
        validator.validate(
          dto({
            testCases: [
              { input: '123456789', expectedOutput: 'ok' },
              { input: '', expectedOutput: 'x'.repeat(9) },
            ],
          }),
        ),
      ),
    ).toEqual([
      'testCases.0.input must not be longer than 8 bytes (UTF-8); it is 9 bytes',
      'testCases.1.expectedOutput must not be longer than 8 bytes (UTF-8); it is 9 bytes',
    ]);
    expect(await messagesOf(validator.validate(dto({ stdin: '123456789' })))).toEqual([
      'stdin must not be longer than 8 bytes (UTF-8); it is 9 bytes',
    ]);
  });

  it('refuses a wall limit below MIN_WALL_TIME_MS, also from a request built without the DTO (the Judge0 adapter)', async () => {
    expect(await messagesOf(validator.validate(dto({ limits: { wallTimeMs: 4 } })))).toEqual([
      'limits.wallTimeMs must not be less than 100',
    ]);
  });

  it('refuses limits above the maxima instead of clamping them', async () => {
    const limits = { cpuTimeMs: 10001, wallTimeMs: 30001, memoryKiB: 1048577, outputKiB: 65537 };
    expect(await messagesOf(validator.validate(dto({ limits })))).toEqual([
      'limits.cpuTimeMs must not be greater than 10000',
      'limits.wallTimeMs must not be greater than 30000',
      'limits.memoryKiB must not be greater than 1048576',
      'limits.outputKiB must not be greater than 65536',
    ]);
  });

  it('refuses a callbackUrl while the deployment has no webhook secret, and one the address guard refuses', async () => {
    expect(await messagesOf(validator.validate(dto({ callbackUrl: 'https://example.com/hook' })))).toEqual([
      'callbackUrl is not accepted: this server sends no webhooks until its operator sets WEBHOOK_SECRET',
    ]);
    const guarded = new SubmissionRequestValidator(settings, languages(['c']), webhooks);
    expect(await messagesOf(guarded.validate(dto({ callbackUrl: 'ftp://example.com/hook', limits: { cpuTimeMs: 99999 } })))).toEqual([
      'limits.cpuTimeMs must not be greater than 10000',
      'callbackUrl must use http or https, not ftp',
    ]);
    expect(await messagesOf(guarded.validate(dto({ callbackUrl: 'http://rebind.example/hook' })))).toEqual([
      'callbackUrl must not lead to a loopback address (127.0.0.0/8, RFC 1122) (rebind.example resolves to 127.0.0.1); ' +
        'an operator may allow the host in WEBHOOK_ALLOWED_HOSTS',
    ]);
    await expect(guarded.validate(dto({ callbackUrl: 'http://hooks.internal:8080/x' }))).resolves.toBeUndefined();
  });

  it('refuses testCases together with stdin or expectedOutput', async () => {
    expect(await messagesOf(validator.validate(dto({ stdin: '', testCases: [{ input: '', expectedOutput: '' }] })))).toEqual([
      'testCases must not be combined with stdin or expectedOutput; put them in testCases',
    ]);
  });

  it('refuses checker options (and inline data, limits) together with a problemId: the problem has its own checker', async () => {
    expect(
      await messagesOf(validator.validate(dto({ problemId: '0123456789abcdef01234567', checker: { caseSensitive: true }, stdin: '1' }))),
    ).toEqual(["problemId must not be combined with stdin, checker; the problem's test data, limits and checker apply"]);
    await expect(validator.validate(dto({ checker: { floatTolerance: 1e-6 } }))).resolves.toBeUndefined();
  });

  it('lists the unknown language first, with every other problem', async () => {
    expect(await messagesOf(validator.validate(dto({ language: 'x', limits: { cpuTimeMs: 99999 } })))).toEqual([
      'language must be one of: c, cpp17, python3',
      'limits.cpuTimeMs must not be greater than 10000',
    ]);
  });

  it('without any worker: still reports the other problems (400), else 503', async () => {
    const lonely = new SubmissionRequestValidator(settings, languages('no-worker'), noWebhooks);
    expect(await messagesOf(lonely.validate(dto({ limits: { memoryKiB: 2 ** 30 } })))).toEqual([
      'limits.memoryKiB must not be greater than 1048576',
    ]);
    await expect(lonely.validate(dto())).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
