import { Verdict, type GroupResult, type TestResult } from '../../../libs/contracts/index.js';
import type { JudgePlan } from './judge-plan.js';

/**
 * The verdict of a judged plan: the first rejected test's verdict, else Accepted, leaving out the
 * samples of a plan whose root grader flags say `ignore_sample` (`ignoreInVerdict`). When the plan's
 * secret parts are under `accept_if_any_accepted` (problemtools' default grader flag, legacy and
 * 2023-07 scoring packages): a rejected sample still decides first (the root grades its children
 * first error first, samples before secret); otherwise Accepted when any part of secret is — one
 * of the test cases right in `secret`, or a whole `secret/<g>` group — else secret's first rejection.
 * @param judged the tests run, in order (each carries its `group` for problem plans).
 * @param groups the group results, in the plan's order.
 */
export function planVerdict(plan: Pick<JudgePlan, 'groups'>, judged: readonly TestResult[], groups: readonly GroupResult[]): Verdict {
  const firstRejection = (rs: readonly TestResult[]) => rs.find((r) => r.verdict !== Verdict.Accepted)?.verdict ?? Verdict.Accepted;
  const ignored = new Set(plan.groups.filter((g) => g.ignoreInVerdict).map((g) => g.name));
  const results = judged.filter((r) => !(r.group && ignored.has(r.group)));
  const parts = new Set(plan.groups.filter((g) => g.acceptIfAnyAccepted).map((g) => g.name));
  if (parts.size === 0) return firstRejection(results);
  const samples = new Set(plan.groups.filter((g) => g.sample).map((g) => g.name));
  const sample = firstRejection(results.filter((r) => r.group !== undefined && r.group !== null && samples.has(r.group)));
  if (sample !== Verdict.Accepted) return sample;
  const secret = results.filter((r) => r.group !== undefined && r.group !== null && parts.has(r.group));
  const anyAccepted =
    secret.some((r) => r.group === 'secret' && r.verdict === Verdict.Accepted) ||
    groups.some((g) => g.name !== 'secret' && parts.has(g.name) && g.verdict === Verdict.Accepted);
  return anyAccepted ? Verdict.Accepted : firstRejection(secret);
}
