import { describe, expect, it } from 'vitest';
import { CreateSubmissionDto } from '../submissions/dto/create-submission.dto.js';
import { encodeBase64Text } from '../judge0-format/judge0-base64.js';
import { judge0ErrorsOf, parseJudge0Submission } from './judge0-request.js';

const bounds = {
  defaults: { cpuTimeMs: 2000, wallTimeMs: 0, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
};
const minimal = { source_code: 'print(1)', language_id: 71 };

function parse(body: unknown, base64 = false) {
  return parseJudge0Submission(body, base64, bounds);
}

function errorsOf(body: unknown, base64 = false): Record<string, string[]> {
  const outcome = parse(body, base64);
  if (outcome.ok) throw new Error(`accepted ${JSON.stringify(body)}`);
  return outcome.errors;
}

describe('parseJudge0Submission', () => {
  it('turns Judge0 names and units into a Verdict request', () => {
    const outcome = parse({
      ...minimal,
      stdin: '1 2\n',
      expected_output: '3\n',
      cpu_time_limit: 1.5,
      wall_time_limit: '4',
      memory_limit: 128000,
      max_file_size: 1024,
      callback_url: 'https://example.com/hook',
      cpu_extra_time: 0.5,
      number_of_runs: 1,
      stack_limit: 128000,
      enable_network: false,
      redirect_stderr_to_stdout: false,
      compiler_options: '',
      unknown_field: 'ignored, as Judge0 ignores it',
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.request.dto).toBeInstanceOf(CreateSubmissionDto);
    expect(outcome.request.dto).toEqual({
      language: 'python3',
      sourceCode: 'print(1)',
      stdin: '1 2\n',
      expectedOutput: '3\n',
      limits: { cpuTimeMs: 1500, wallTimeMs: 4000, memoryKiB: 128000, outputKiB: 1024 },
    });
    expect(outcome.request.languageId).toBe(71);
    expect(outcome.request.callbackUrl).toBe('https://example.com/hook');
  });

  it('maps every Judge0 id of a language to it, and refuses ids Verdict does not run', () => {
    for (const [id, language] of [
      [50, 'c'],
      [48, 'c'],
      [54, 'cpp17'],
      [52, 'cpp17'],
      [62, 'java17'],
      [63, 'javascript'],
      ['71', 'python3'],
    ] as const) {
      const outcome = parse({ ...minimal, language_id: id });
      expect(outcome.ok && outcome.request.dto.language, String(id)).toBe(language);
    }
    expect(errorsOf({ ...minimal, language_id: 70 })).toEqual({ language_id: ["language with id 70 doesn't exist"] });
    expect(errorsOf({ source_code: 'x' })).toEqual({ language_id: ["can't be blank"] });
    expect(errorsOf({ ...minimal, language_id: 'python' })).toEqual({ language_id: ['is not a number'] });
  });

  it('decodes Base64 fields exactly when base64_encoded, naming a field that does not decode', () => {
    const outcome = parse(
      {
        ...minimal,
        source_code: encodeBase64Text('print(input())\n'),
        stdin: encodeBase64Text('é\n'),
        expected_output: encodeBase64Text('é'),
      },
      true,
    );
    expect(outcome.ok && outcome.request.dto).toMatchObject({ sourceCode: 'print(input())\n', stdin: 'é\n', expectedOutput: 'é' });
    expect(errorsOf({ ...minimal, source_code: 'print(1)' }, true)).toEqual({
      source_code: ['is not valid Base64 (standard alphabet, padded with =)'],
    });
    expect(errorsOf({ ...minimal, source_code: encodeBase64Text('x'), stdin: '%%%' }, true)).toEqual({
      stdin: ['is not valid Base64 (standard alphabet, padded with =)'],
    });
    expect(errorsOf({ ...minimal, source_code: '' }, true)).toEqual({ source_code: ["can't be blank"] });
  });

  it('refuses limits outside (0, max] in Judge0 units, with Judge0’s wording', () => {
    expect(errorsOf({ ...minimal, cpu_time_limit: 11 })).toEqual({ cpu_time_limit: ['must be less than or equal to 10'] });
    expect(errorsOf({ ...minimal, cpu_time_limit: 0 })).toEqual({ cpu_time_limit: ['must be greater than 0'] });
    expect(errorsOf({ ...minimal, wall_time_limit: 31 })).toEqual({ wall_time_limit: ['must be less than or equal to 30'] });
    // Below Verdict's smallest wall limit the sandbox's own start could end the run (an Internal Error).
    expect(errorsOf({ ...minimal, wall_time_limit: 0.002 })).toEqual({ wall_time_limit: ['must be greater than or equal to 0.1'] });
    expect(errorsOf({ ...minimal, memory_limit: 2048 })).toEqual({ memory_limit: ['must be greater than or equal to 4096'] });
    expect(errorsOf({ ...minimal, memory_limit: 2_000_000 })).toEqual({ memory_limit: ['must be less than or equal to 1048576'] });
    expect(errorsOf({ ...minimal, max_file_size: 1.5 })).toEqual({ max_file_size: ['must be an integer'] });
    expect(errorsOf({ ...minimal, cpu_time_limit: 'fast' })).toEqual({ cpu_time_limit: ['is not a number'] });
    expect(errorsOf({ ...minimal, cpu_extra_time: -1 })).toEqual({ cpu_extra_time: ['must be greater than or equal to 0'] });
  });

  it('refuses, naming them, the fields Verdict cannot honour; their defaults pass', () => {
    const refused = {
      compiler_options: '-O3',
      command_line_arguments: 'a b',
      additional_files: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==',
      max_processes_and_or_threads: 30,
      enable_per_process_and_thread_time_limit: true,
      enable_per_process_and_thread_memory_limit: true,
      redirect_stderr_to_stdout: true,
      enable_network: true,
      number_of_runs: 3,
      stack_limit: 64000,
    };
    const errors = errorsOf({ ...minimal, ...refused });
    expect(Object.keys(errors).sort()).toEqual(Object.keys(refused).sort());
    for (const [field, rules] of Object.entries(errors)) expect(rules[0], field).toMatch(/^is not supported by Verdict: /);
    expect(errors.stack_limit![0]).toContain('262144 KB');
    expect(parse({ ...minimal, memory_limit: 64000, stack_limit: 64000 }).ok).toBe(true);
    expect(errorsOf({ ...minimal, enable_network: 'yes' })).toEqual({ enable_network: ['must be true or false'] });
  });

  it('wants callback_url to be an http(s) URL', () => {
    expect(errorsOf({ ...minimal, callback_url: 'not a url' })).toEqual({ callback_url: ['must be an http or https URL'] });
    expect(errorsOf({ ...minimal, callback_url: 'file:///etc/passwd' })).toEqual({ callback_url: ['must be an http or https URL'] });
    expect(parse({ ...minimal, callback_url: null }).ok).toBe(true);
  });

  it('reports every bad field at once, and refuses a body that is not an object', () => {
    expect(Object.keys(errorsOf({ cpu_time_limit: -1, stdin: 5 })).sort()).toEqual([
      'cpu_time_limit',
      'language_id',
      'source_code',
      'stdin',
    ]);
    expect(errorsOf([minimal])).toEqual({ submission: ['must be a JSON object'] });
    expect(errorsOf(null)).toEqual({ submission: ['must be a JSON object'] });
  });
});

describe('judge0ErrorsOf', () => {
  it('renames the submission service’s fields to Judge0’s', () => {
    expect(
      judge0ErrorsOf([
        'sourceCode must not be longer than 65536 bytes (UTF-8); it is 70000 bytes',
        'stdin must not be longer than 10 bytes (UTF-8); it is 11 bytes',
        'language must be one of: c, python3',
        'something else entirely',
      ]),
    ).toEqual({
      source_code: ['must not be longer than 65536 bytes (UTF-8); it is 70000 bytes'],
      stdin: ['must not be longer than 10 bytes (UTF-8); it is 11 bytes'],
      language_id: ['must be one of: c, python3'],
      submission: ['something else entirely'],
    });
  });
});
