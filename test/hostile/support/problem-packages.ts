/**
 * Problems whose test data the hostile programs try to steal: packages built here with random
 * secrets (never in any program's source), imported through the real API.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROBLEM_FIXTURES, importPackage } from '../../support/problems.js';
import { makeZip } from '../../support/zip.js';

/** The problems of the suite, by the key programs name in `HostileProgram.problem`. */
export type HostileProblemKey = 'secret-answer' | 'interactive-guess' | 'validator-flags' | 'deep-feedback' | 'flood-feedback';

/** Secrets of the suite's problems: the answer of the secret test, and the number the interactor hides. */
export interface ProblemSecrets {
  /** `ANSWER-<32 hex>`: the whole expected output of 'secret-answer''s secret test. */
  answer: string;
  /** The number in 1..1000 'interactive-guess''s secret test hides (a guess of it is Accepted). */
  hidden: number;
  /** The secret test's input of 'secret-answer' (also a secret: submissions see it only on stdin). */
  input: string;
}

export function makeProblemSecrets(): ProblemSecrets {
  return {
    answer: `ANSWER-${randomBytes(16).toString('hex')}`,
    hidden: randomInt(2, 1000),
    input: `INPUT-${randomBytes(16).toString('hex')}`,
  };
}

/**
 * Accepts `flags` from the submission when its own arguments after the feedback directory are
 * exactly `@0 @7 @@` (problem.yaml's validator_flags); otherwise Wrong Answer, saying what it got.
 */
const VERBATIM_FLAGS_VALIDATOR = `import sys
flags = sys.argv[4:]
team = sys.stdin.read().split()
ok = flags == ["@0", "@7", "@@"] and team == ["flags"]
with open(sys.argv[3] + "/judgemessage.txt", "w") as f:
    f.write("flags verbatim" if ok else "flags received: %r" % (flags,))
sys.exit(42 if ok else 43)
`;

/**
 * Accepts "deep" after leaving in its feedback directory (a box) what a plain recursive removal by
 * full paths cannot delete: a chain of 5000 directories (10 000 bytes, past PATH_MAX), 0000
 * directories inside it, and links to / and to the work directory. The judge must still give the
 * validator's verdict, remove all of it, and follow none of the links.
 */
const DEEP_FEEDBACK_VALIDATOR = `import os, sys
team = sys.stdin.read().split()
feedback = sys.argv[3]
with open(os.path.join(feedback, "judgemessage.txt"), "w") as f:
    f.write("deep tree left")
os.chdir(feedback)
os.symlink("/", "root-link")
os.symlink("/box", "box-link")
os.mkdir("locked"); os.mkdir("locked/inner"); os.chmod("locked", 0)
for i in range(5000):
    os.mkdir("d"); os.chdir("d")
    if i % 1000 == 0:
        open("f", "w").close(); os.mkdir("z", 0); os.symlink("/", "up")
os.chmod(".", 0)
sys.exit(42 if team == ["deep"] else 43)
`;

/**
 * Accepts "flood" when its feedback directory refused it at a bound: it creates empty files until
 * one is refused, then writes 4 MiB files until one is refused (100 000 files and 400 MiB at most,
 * where a plain host directory takes all of it), removes them all and reports the counts. Wrong
 * Answer, saying what it got, when either flood went through.
 */
const FLOOD_FEEDBACK_VALIDATOR = `import errno, os, sys
team = sys.stdin.read().split()
feedback = sys.argv[3]
files, files_err = 0, None
try:
    while files < 100000:
        open(os.path.join(feedback, "f%d" % files), "w").close()
        files += 1
except OSError as e:
    files_err = e.errno
for i in range(files):
    os.unlink(os.path.join(feedback, "f%d" % i))
written, bytes_err, chunk = 0, None, b"x" * (4 << 20)
try:
    for i in range(100):
        with open(os.path.join(feedback, "b%d" % i), "wb") as f:
            f.write(chunk)
            f.flush()
        written += len(chunk)
except OSError as e:
    bytes_err = e.errno
for name in os.listdir(feedback):
    os.unlink(os.path.join(feedback, name))
bounded = files_err == errno.ENOSPC and files <= 16384 and bytes_err == errno.ENOSPC and written < (400 << 20)
with open(os.path.join(feedback, "judgemessage.txt"), "w") as f:
    f.write("files %d (%s), bytes %d (%s)" % (files, files_err, written, bytes_err))
sys.exit(42 if bounded and team == ["flood"] else 43)
`;

const yaml = (name: string, extra = '') =>
  `problem_format_version: 2025-09\nname: ${name}\n${extra}limits:\n  time_limit: 1\n  memory: 64\n`;

/** Imports the problems (one secret test each, no samples, so that test is the one judged); returns their ids by key. */
export async function importHostileProblems(
  apiUrl: string,
  secrets: ProblemSecrets,
  suffix: string,
): Promise<Record<HostileProblemKey, string>> {
  const secret = makeZip([
    { name: 'secret-answer/problem.yaml', data: yaml('Secret answer') },
    { name: 'secret-answer/data/secret/1.in', data: `${secrets.input}\n` },
    { name: 'secret-answer/data/secret/1.ans', data: `${secrets.answer}\n` },
  ]);
  // The interactor of the `guess` fixture: reads the hidden number from its input file.
  const interactor = readFileSync(path.join(PROBLEM_FIXTURES, 'guess/output_validator/interactor.py'));
  const guess = makeZip([
    { name: 'interactive-guess/problem.yaml', data: yaml('Guess the hidden number', 'type: interactive\n') },
    { name: 'interactive-guess/output_validator/interactor.py', data: interactor },
    { name: 'interactive-guess/data/secret/1.in', data: `${secrets.hidden}\n` },
    { name: 'interactive-guess/data/secret/1.ans', data: '\n' },
  ]);
  // A custom validator whose flags look like the launcher's staging placeholders: it must get them verbatim.
  const flags = makeZip([
    { name: 'validator-flags/problem.yaml', data: yaml('Validator flags', 'validator_flags: "@0 @7 @@"\n') },
    { name: 'validator-flags/output_validator/validate.py', data: VERBATIM_FLAGS_VALIDATOR },
    { name: 'validator-flags/data/secret/1.in', data: '\n' },
    { name: 'validator-flags/data/secret/1.ans', data: 'flags\n' },
  ]);
  const deep = makeZip([
    { name: 'deep-feedback/problem.yaml', data: yaml('Deep feedback directory') },
    { name: 'deep-feedback/output_validator/validate.py', data: DEEP_FEEDBACK_VALIDATOR },
    { name: 'deep-feedback/data/secret/1.in', data: '\n' },
    { name: 'deep-feedback/data/secret/1.ans', data: 'deep\n' },
  ]);
  const flood = makeZip([
    { name: 'flood-feedback/problem.yaml', data: yaml('Flooded feedback directory') },
    { name: 'flood-feedback/output_validator/validate.py', data: FLOOD_FEEDBACK_VALIDATOR },
    { name: 'flood-feedback/data/secret/1.in', data: '\n' },
    { name: 'flood-feedback/data/secret/1.ans', data: 'flood\n' },
  ]);
  const ids = {} as Record<HostileProblemKey, string>;
  for (const [key, zip] of [
    ['secret-answer', secret],
    ['interactive-guess', guess],
    ['validator-flags', flags],
    ['deep-feedback', deep],
    ['flood-feedback', flood],
  ] as const) {
    const res = await importPackage<{ id: string }>(apiUrl, zip, { fileName: `${key}.zip`, slug: `hostile-${key}-${suffix}` });
    if (res.status !== 201) throw new Error(`importing ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    ids[key] = res.body.id;
  }
  return ids;
}
