import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ROUTE_QUOTAS } from '../quotas/quota.decorators.js';
import { SubmissionsController } from '../submissions/submissions.controller.js';
import { ProblemsController } from './problems.controller.js';

// Red team: rejudges and verifications queue a judging of every submission of a problem, so they
// count like the writes and submissions they stand for (docs/quotas.md).
describe('quotas of the routes that queue judgings', () => {
  const quotasOf = (handler: unknown): unknown => Reflect.getMetadata(ROUTE_QUOTAS, handler as object);

  it('a problem rejudge and a verification count as problem writes; a submission rejudge as a submission', () => {
    expect(quotasOf(ProblemsController.prototype.rejudge)).toEqual({ problemWrites: true });
    expect(quotasOf(ProblemsController.prototype.verify)).toEqual({ problemWrites: true });
    expect(quotasOf(SubmissionsController.prototype.rejudge)).toEqual({ submissions: 'one' });
    expect(quotasOf(SubmissionsController.prototype.create)).toEqual({ submissions: 'one' });
  });
});
