import { Verdict } from '../../../libs/contracts/index.js';
import { validatorRunLimits } from './validator-limits.js';
import { VALIDATOR_ACCEPT, VALIDATOR_REJECT, validatorFailureOf } from './validator-failure.js';
import {
  RunStatus,
  type Box,
  type ConnectedRequest,
  type RunRequest,
  type RunResult,
  type SandboxSlot,
} from '../../../libs/sandbox/index.js';
import type { SandboxConfig } from '../../config/sandbox.config.js';
import { readFeedbackFile } from './feedback-files.js';
import { rebaseToValidator, VALIDATOR_MOUNT, type ValidatorBuild } from './validator-builds.service.js';

/** Most bytes of judgemessage.txt / teammessage.txt / score.txt read back. */
const FEEDBACK_BYTES = 16 * 1024;
/** Mount points of the test's input and answer directories (each holds `data`). */
const INPUT_MOUNT = '/testdata/input';
const ANSWER_MOUNT = '/testdata/answer';
/** Extra wall time the interactor gets over the submission, so the submission's own limit ends a deadlock first, ms. */
const INTERACTOR_WALL_MARGIN_MS = 1000;

/** A custom output validator's score files of one test: each number, or null when absent or not a number. */
export interface ValidatorScore {
  /** score.txt. */
  score: number | null;
  /** score_multiplier.txt. */
  multiplier: number | null;
}

/** The decision of a custom output validator on one test. */
export interface ValidatorOutcome {
  verdict: Verdict.Accepted | Verdict.WrongAnswer | Verdict.InternalError;
  /** judgemessage.txt (or, for Internal Error, what went wrong for the operator). */
  message: string | null;
  teamMessage: string | null;
  /** Its score files, or null when it wrote neither as a number. */
  score: ValidatorScore | null;
  /** For Internal Error: what went wrong, without the validator's own output (safe to show anyone). */
  failure: string | null;
}

/** What a validator run of one test needs. */
export interface ValidatorTest {
  slot: SandboxSlot;
  build: ValidatorBuild;
  cfg: SandboxConfig;
  /** Host directory holding the test's input as `data` (the test data cache's). */
  inputDir: string;
  answerDir: string;
  /** Arguments after feedback_dir: the problem's, then the group's. */
  args: string[];
}

/** The validator's run request: `validator input answer feedback_dir [args]`, working directory its build. */
function validatorRequest(t: ValidatorTest, feedback: Box, io: Pick<RunRequest, 'stdin'>, wallTimeMs: number): RunRequest {
  const { language } = t.build;
  const memoryKiB = t.cfg.validator.memoryKiB;
  const argv = rebaseToValidator(language.runArgv(memoryKiB, t.build.program));
  return {
    // Fixed shell text; the validator's argv follows as positional parameters.
    argv: [
      '/bin/sh',
      '-c',
      `cd ${VALIDATOR_MOUNT} && exec "$@"`,
      'validator',
      ...argv,
      `${INPUT_MOUNT}/data`,
      `${ANSWER_MOUNT}/data`,
      '/box/',
      ...t.args,
    ],
    box: feedback,
    boxWritable: true,
    mounts: [
      ...language.mounts,
      { hostPath: t.build.dir, sandboxPath: VALIDATOR_MOUNT },
      { hostPath: t.inputDir, sandboxPath: INPUT_MOUNT },
      { hostPath: t.answerDir, sandboxPath: ANSWER_MOUNT },
    ],
    env: language.runEnv(memoryKiB),
    ...io,
    limits: validatorRunLimits(language, t.cfg, wallTimeMs),
  };
}

/**
 * Runs a custom output validator on a submission's output, in the sandbox (never on the host):
 * a fresh box is its feedback directory; input and answer are mounted read-only.
 * Exit 42 Accepted, 43 Wrong Answer, anything else Internal Error with the validator's message.
 * @throws SandboxRunError when the sandbox fails.
 */
export async function runOutputValidator(t: ValidatorTest, teamOutput: Buffer): Promise<ValidatorOutcome> {
  const feedback = await t.slot.createBox();
  try {
    const result = await t.slot.run(validatorRequest(t, feedback, { stdin: { data: teamOutput } }, t.cfg.validator.wallTimeMs));
    return await decide(result, feedback.hostPath);
  } finally {
    await feedback.destroy();
  }
}

/** Outcome of an interactive test: the submission's run, the interactor's decision, and who exited first. */
export interface InteractiveOutcome {
  run: RunResult;
  validator: ValidatorOutcome;
  validatorExitedFirst: boolean;
}

/**
 * Runs a submission and the problem's interactor at once, each in its own sandbox run of the
 * slot, connected by kernel pipes (`SandboxSlot.runConnected`: stdout of each is stdin of the
 * other, with backpressure). Each run has its own limits; the interactor's wall limit is the
 * submission's plus a margin, so a deadlock ends with the submission's wall limit.
 * @param submission the submission's run request without stdin.
 * @throws SandboxRunError when the sandbox fails (after both runs ended).
 */
export async function runInteractive(t: ValidatorTest, submission: ConnectedRequest): Promise<InteractiveOutcome> {
  const feedback = await t.slot.createBox();
  try {
    const wallTimeMs = submission.limits.wallTimeMs + INTERACTOR_WALL_MARGIN_MS;
    const runs = await t.slot.runConnected(submission, validatorRequest(t, feedback, {}, wallTimeMs));
    return {
      run: runs.submission,
      validator: await decide(runs.interactor, feedback.hostPath),
      validatorExitedFirst: runs.interactorExitedFirst,
    };
  } finally {
    await feedback.destroy();
  }
}

/** Reads the validator's exit and feedback files into its decision. */
async function decide(result: RunResult, feedbackDir: string): Promise<ValidatorOutcome> {
  const judgeMessage = await readFeedbackFile(feedbackDir, 'judgemessage.txt', FEEDBACK_BYTES);
  const teamMessage = await readFeedbackFile(feedbackDir, 'teammessage.txt', FEEDBACK_BYTES);
  const points = await readFeedbackNumber(feedbackDir, 'score.txt');
  const multiplier = await readFeedbackNumber(feedbackDir, 'score_multiplier.txt');
  const score = points !== null || multiplier !== null ? { score: points, multiplier } : null;
  const message = judgeMessage?.trim() || null;
  if (result.status === RunStatus.Exited && result.exitCode === VALIDATOR_ACCEPT) {
    return { verdict: Verdict.Accepted, message, teamMessage, score, failure: null };
  }
  if (result.status === RunStatus.Exited && result.exitCode === VALIDATOR_REJECT) {
    return {
      verdict: Verdict.WrongAnswer,
      message: message ?? 'the output validator rejected the output',
      teamMessage,
      score,
      failure: null,
    };
  }
  const stderr = result.stderr.subarray(0, 2048).toString('utf8').trim();
  const details = [message && `judgemessage: ${message}`, stderr && `stderr: ${stderr}`].filter(Boolean).join('\n');
  const failure = `the output validator ${validatorFailureOf(result)}`;
  return { verdict: Verdict.InternalError, message: `${failure}${details ? `\n${details}` : ''}`, teamMessage, score, failure };
}

/** A decimal number as a feedback file holds it (leading and trailing whitespace aside): no hex, no inf or nan. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The number in feedback file `name` (at most 64 bytes read): null when it is absent, NaN when it is
 * there but not one finite decimal number (empty, `nan`, `inf`, `0x5`, two numbers), which the
 * score rules report as the validator's error (test-score.ts), never as full marks.
 */
async function readFeedbackNumber(feedbackDir: string, name: string): Promise<number | null> {
  const text = await readFeedbackFile(feedbackDir, name, 64);
  if (text === null) return null;
  const trimmed = text.trim();
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isFinite(value) ? value : NaN;
}
