import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Box, Sandbox, SandboxSlot } from '../../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../../config/sandbox.config.js';
import { inputValidatorArgsFor } from '../../persistence/problems/input-validator-args.js';
import type {
  InputValidationData,
  InputValidatorArgsData,
  InputValidatorData,
  TestGroupData,
} from '../../persistence/problems/problem-records.js';
import type { InputValidationProblem, InputValidationReport } from '../../persistence/verifications/verification-records.js';
import { runInputValidator, type InputValidatorDecision } from '../checkers/input-validator.runner.js';
import { ValidatorBuildsService, type ValidatorBuild } from '../checkers/validator-builds.service.js';
import type { Lease } from '../disk-lru.js';
import { judgingFault } from '../plan/judging-fault.js';
import { JudgingFiles } from '../plan/judging-files.js';
import { SANDBOX } from '../sandbox.provider.js';
import { TestDataCache } from '../test-data-cache.js';

/** Most problems a report lists (its `ok` counts them all). */
const MAX_PROBLEMS = 50;

/** A built input validator of the problem. */
interface BuiltValidator {
  validator: InputValidatorData;
  build: ValidatorBuild;
}

/** One test input to validate: its name, its file and the input_validator_args that apply. */
interface InputCase {
  name: string;
  inputHash: string;
  args: readonly InputValidatorArgsData[];
}

/**
 * Runs a problem's input validators over its test data, in one sandbox slot, the way the problem
 * package format asks (2025-09, "Input Validators" and "Invalid Input"): every input of
 * `data/sample` and `data/secret` must be accepted (exit 42) by every input validator, each of
 * `data/invalid_input` rejected (exit 43) by at least one (what the others do on it does not
 * matter). A validator that does not build, or fails to operate on an input (another exit code, a
 * crash, a limit), is reported naming it: the package's fault, never Verdict's Internal Error.
 * Validators are built by ValidatorBuildsService (the output validators' build, cache and limits).
 */
@Injectable()
export class InputValidationRunner {
  private readonly logger = new Logger(InputValidationRunner.name);

  constructor(
    @Inject(SANDBOX) private readonly sandbox: Pick<Sandbox, 'acquire'>,
    private readonly validators: ValidatorBuildsService,
    private readonly testData: TestDataCache,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
  ) {}

  /**
   * Validates the test data of `problem`.
   * @returns the report; a sandbox failure or a missing test data file is one of its problems (with
   *   no validator named), so the verification ends with it instead of retrying.
   * @throws DependencyUnavailableError when the test data store is unreachable (the queue retries the job).
   */
  async validate(problem: { groups: readonly TestGroupData[]; inputValidation: InputValidationData }): Promise<InputValidationReport> {
    const { inputValidation } = problem;
    const problems: InputValidationProblem[] = [];
    let testCasesChecked = 0;
    let invalidInputsChecked = 0;
    const report = (): InputValidationReport => ({
      ok: problems.length === 0,
      validators: inputValidation.validators.map((v) => v.path),
      testCasesChecked,
      invalidInputsChecked,
      problems: problems.slice(0, MAX_PROBLEMS),
    });
    const slot = await this.sandbox.acquire();
    const leases: Lease[] = [];
    const files = new JudgingFiles(this.testData);
    let box: Box | undefined;
    try {
      const built: BuiltValidator[] = [];
      for (const validator of inputValidation.validators) {
        const outcome = await this.validators.prepare(slot, validator, `the input validator ${validator.path}`);
        if (!outcome.ok) {
          problems.push({ testCase: null, validator: validator.path, problem: outcome.message.slice(0, 4000), stderr: null });
          continue;
        }
        leases.push(outcome.lease);
        built.push({ validator, build: outcome.build });
      }
      // A validator that does not build decides nothing: the report already fails; no input is run.
      if (problems.length > 0) return report();
      box = await slot.createBox();
      const argsOf = new Map(inputValidation.groupArgs.map((g) => [g.group, g.args]));
      for (const group of problem.groups) {
        for (const tc of group.testCases) {
          const decisions = await this.runAll(slot, box, files, built, {
            name: tc.name,
            inputHash: tc.inputHash,
            args: argsOf.get(group.name) ?? [],
          });
          testCasesChecked++;
          for (const [i, d] of decisions.entries()) {
            const path = built[i]!.validator.path;
            if (d.outcome === 'invalid')
              problems.push({ testCase: tc.name, validator: path, problem: `rejected by ${path} (exit 43)`, stderr: d.stderr || null });
            else if (d.outcome === 'failed')
              problems.push({
                testCase: tc.name,
                validator: path,
                problem: `${path} ${d.failure}: the input validator failed to operate`,
                stderr: d.stderr || null,
              });
          }
        }
      }
      for (const tc of inputValidation.invalidInputs) {
        const decisions = await this.runAll(slot, box, files, built, tc);
        invalidInputsChecked++;
        if (decisions.some((d) => d.outcome === 'invalid')) continue;
        const failed = decisions.findIndex((d) => d.outcome === 'failed');
        if (failed >= 0) {
          const path = built[failed]!.validator.path;
          problems.push({
            testCase: tc.name,
            validator: path,
            problem: `no input validator rejected this invalid input (exit 43); ${path} ${decisions[failed]!.failure}: the input validator failed to operate`,
            stderr: decisions[failed]!.stderr || null,
          });
        } else {
          problems.push({
            testCase: tc.name,
            validator: null,
            problem: `every input validator accepted this invalid input (exit 42); at least one must reject it (exit 43)`,
            stderr: null,
          });
        }
      }
      return report();
    } catch (err) {
      const fault = judgingFault(err);
      if (!fault) throw err;
      this.logger.error({ err }, fault.log);
      problems.push({
        testCase: null,
        validator: null,
        problem: `Verdict could not run the input validators: ${fault.message}`,
        stderr: null,
      });
      return report();
    } finally {
      await box?.destroy();
      slot.release();
      files.release();
      for (const lease of leases) lease.release();
    }
  }

  /** Every built validator's decision on one input, in the validators' order. */
  private async runAll(
    slot: SandboxSlot,
    box: Box,
    files: JudgingFiles,
    built: readonly BuiltValidator[],
    tc: InputCase,
  ): Promise<InputValidatorDecision[]> {
    const input = { file: (await files.file(tc.inputHash)).path };
    const out: InputValidatorDecision[] = [];
    for (const { validator, build } of built) {
      out.push(await runInputValidator({ slot, build, cfg: this.cfg, box, input, args: inputValidatorArgsFor(validator.path, tc.args) }));
    }
    return out;
  }
}
