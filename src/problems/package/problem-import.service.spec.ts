import { ConflictException, Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryProblemsRepository, MemoryTestDataStore, sha256 } from '../../../test/support/problem-fakes.js';
import { directoryEntries, makeZip, type ZipEntry } from '../../../test/support/zip.js';
import { InvalidRequestException } from '../../common/invalid-request.exception.js';
import type { JudgeLimitsSettings } from '../../config/judge-limits.config.js';
import type { ProblemsConfig } from '../../config/problems.config.js';
import type { SubmissionsRepository } from '../../persistence/submissions/submissions.repository.js';
import type { VerificationsRepository } from '../../persistence/verifications/verifications.repository.js';
import type { JudgeQueueProducer } from '../../queue/judge-queue.producer.js';
import type { SubmissionsService } from '../../submissions/submissions.service.js';
import { CallbackUrlPolicy } from '../../webhooks/callback-url.policy.js';
import { ProblemsService } from '../problems.service.js';
import { ProblemImportService } from './problem-import.service.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/problems');
const limits: JudgeLimitsSettings = {
  maxSourceBytes: 65536,
  maxTestCases: 100,
  maxTestDataBytes: 8 << 20,
  defaults: { cpuTimeMs: 2000, wallTimeMs: 0, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
};
const cfg: ProblemsConfig = {
  packageMaxBytes: 1 << 24,
  packageMaxUncompressedBytes: 1 << 24,
  packageMaxEntries: 100,
  packageMaxRatio: 1000,
  maxTestCases: 100,
};

const dir = mkdtempSync(join(tmpdir(), 'import-spec-'));
let n = 0;
beforeAll(() => Logger.overrideLogger(false));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The importer over in-memory stores (the real ProblemsService and TestDataWriter on top). */
function setup() {
  const store = new MemoryTestDataStore();
  const repository = new MemoryProblemsRepository();
  const problems = new ProblemsService(
    repository.asRepository(),
    store,
    {} as SubmissionsRepository,
    {} as SubmissionsService,
    limits,
    cfg,
    {} as VerificationsRepository,
    {} as JudgeQueueProducer,
    new CallbackUrlPolicy({ secret: null, allowedHosts: new Set() }),
  );
  const importer = new ProblemImportService(problems, cfg, limits);
  const upload = (entries: ZipEntry[] | Buffer, opts: { slug?: string; fileName?: string } = {}) => {
    const path = join(dir, `upload${n++}`);
    writeFileSync(path, Buffer.isBuffer(entries) ? entries : makeZip(entries));
    return importer.import(path, { ...opts, ownerKeyId: null });
  };
  return { store, repository, upload };
}

/** The 400's messages of a refused import. */
async function refused(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the import should be refused with a 400').toBeInstanceOf(InvalidRequestException);
  return [...(error as InvalidRequestException).messages];
}

describe('ProblemImportService.import (POST /problems/import)', () => {
  it('imports a problemtools-layout package: every test file stored by its SHA-256, the problem last', async () => {
    const { store, repository, upload } = setup();
    const entries = directoryEntries(join(FIXTURES, 'aplusb'), 'aplusb');
    const view = await upload(entries, { fileName: 'aplusb.zip' });
    expect(view).toMatchObject({ slug: 'aplusb', title: 'A plus B', packageFormat: 'legacy', testCount: 4, timeLimitGiven: true });
    expect(view.limits).toMatchObject({ memoryKiB: 256 * 1024, outputKiB: 1024 });
    const input = readFileSync(join(FIXTURES, 'aplusb/data/secret/01-small.in'));
    expect(view.groups.find((g) => g.name === 'secret')!.testCases[0]).toMatchObject({
      name: 'secret/01-small',
      inputHash: sha256(input),
      inputBytes: input.length,
    });
    const dataFiles = entries.filter((e) => /\/data\/.*\.(in|ans)$/.test(e.name)).map((e) => sha256(e.data as Buffer));
    expect([...store.files.keys()].sort()).toEqual([...new Set(dataFiles)].sort());
    expect(view.packageSubmissions.map((s) => s.path).sort()).toEqual([
      'submissions/accepted/sum.c',
      'submissions/accepted/sum.py',
      'submissions/time_limit_exceeded/spin.py',
      'submissions/wrong_answer/product.py',
    ]);
    expect(repository.problems.size).toBe(1);
  });

  it('stores a file that several test cases share once', async () => {
    const { store, upload } = setup();
    const same = '5\n';
    await upload(
      [
        { name: 'problem.yaml', data: 'name: X\n' },
        ...['1', '2', '3'].flatMap((c) => [
          { name: `data/secret/${c}.in`, data: same },
          { name: `data/secret/${c}.ans`, data: same },
        ]),
      ],
      { slug: 'x' },
    );
    expect(store.files.size).toBe(1);
    expect(store.uploads).toBe(1);
  });

  it('an interactive package whose secret cases have no .ans gets one empty answer file for them', async () => {
    const { store, upload } = setup();
    const view = await upload(
      [
        { name: 'problem.yaml', data: 'problem_format_version: 2025-09\nname: Guess\ntype: interactive\n' },
        { name: 'output_validator/interactor.py', data: 'print(1)\n' },
        { name: 'data/sample/1.in', data: '7\n' },
        { name: 'data/sample/1.ans', data: '7\n' },
        { name: 'data/secret/1.in', data: '3\n' },
        { name: 'data/secret/2.in', data: '9\n' },
      ],
      { slug: 'guess' },
    );
    expect(view.interactive).toBe(true);
    expect(view.groups.map((g) => g.testCases.map((tc) => [tc.answerHash, tc.answerBytes]))).toEqual([
      [[sha256('7\n'), 2]],
      [
        [sha256(''), 0],
        [sha256(''), 0],
      ],
    ]);
    expect(store.files.get(sha256(''))).toEqual(Buffer.alloc(0));
  });

  it('refuses a bad package with a 400 naming the file and line, storing nothing', async () => {
    const { store, repository, upload } = setup();
    expect(
      await refused(
        upload([
          { name: 'problem.yaml', data: 'name: X\nlimits:\n  memory: 4096\n' },
          { name: 'data/secret/1.in', data: '1' },
          { name: 'data/secret/1.ans', data: '1' },
        ]),
      ),
    ).toEqual(['problem.yaml line 3: limits.memory 4096 MiB is above the server maximum of 1048576 KiB (MAX_MEMORY_KIB)']);
    expect(await refused(upload(Buffer.from('not a zip')))).toEqual([expect.stringMatching(/^package is not a readable zip file: /)]);
    expect(
      await refused(
        upload([
          { name: 'problem.yaml', data: 'name: X\n' },
          { name: 'data/secret/1.in', data: '1', mode: 0o120777 },
        ]),
      ),
    ).toEqual(['data/secret/1.in: is a symbolic link; packages must hold regular files only']);
    expect(store.files.size).toBe(0);
    expect(repository.problems.size).toBe(0);
  });

  it('a taken slug is a 409; the files only this import added are removed again', async () => {
    const { store, repository, upload } = setup();
    await upload(directoryEntries(join(FIXTURES, 'aplusb'), 'aplusb'));
    const before = new Set(store.files.keys());
    const again = [
      { name: 'problem.yaml', data: 'name: Again\n' },
      { name: 'data/secret/01-small.in', data: readFileSync(join(FIXTURES, 'aplusb/data/secret/01-small.in')) },
      { name: 'data/secret/01-small.ans', data: readFileSync(join(FIXTURES, 'aplusb/data/secret/01-small.ans')) },
      { name: 'data/secret/new.in', data: 'only in the second package\n' },
      { name: 'data/secret/new.ans', data: 'its answer\n' },
    ];
    const error = await upload(again, { slug: 'aplusb' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect(new Set(store.files.keys())).toEqual(before);
    expect(repository.problems.size).toBe(1);
  });

  it('a store failure half-way through the upload leaves no file and no problem', async () => {
    const { store, repository, upload } = setup();
    store.failPutAfter = 2;
    await expect(upload(directoryEntries(join(FIXTURES, 'aplusb'), 'aplusb'))).rejects.toThrow('the store failed');
    expect(store.files.size).toBe(0);
    expect(repository.problems.size).toBe(0);
  });
});
