import { Injectable } from '@nestjs/common';
import type { StoredProblem } from '../persistence/problems/problem-records.js';
import { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { ReadScope } from '../persistence/submissions/submission-records.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import type { Caller } from './caller.js';
import { holdsProblem } from './problem-holder.js';
import { Role } from './role.js';

/**
 * Who may see and act on which submissions (docs/auth.md), for REST, SSE, Socket.IO and the Judge0 API alike:
 * - admin: every submission; with a key, the full judge messages too (an open caller, keyId null, does not
 *   get them: nobody is a problem's setter then);
 * - setter: its own submissions and every submission to a problem it owns, with those problems' judge messages;
 * - submitter: its own submissions only.
 * A submission outside the caller's scope answers as if it did not exist (404), so its id tells nothing.
 */
@Injectable()
export class SubmissionAccess {
  constructor(
    private readonly problems: ProblemsRepository,
    private readonly submissions: SubmissionsRepository,
  ) {}

  /**
   * What `caller`'s submission reads may return and show.
   * @throws DependencyUnavailableError (503) when MongoDB is unreachable (a setter's problems are read).
   */
  async readScope(caller: Caller): Promise<ReadScope> {
    if (caller.role === Role.Admin) return caller.keyId === null ? {} : { judgeMessages: 'all' };
    const ownerKeyId = caller.keyId ?? '';
    if (caller.role !== Role.Setter) return { only: { ownerKeyId, problemIds: [] } };
    const problemIds = await this.problems.idsOwnedBy(ownerKeyId);
    return { only: { ownerKeyId, problemIds }, judgeMessages: problemIds };
  }

  /** Only `caller`'s own submissions (admin: every one): what a Judge0 delete may remove. */
  ownScope(caller: Caller): ReadScope {
    return caller.role === Role.Admin ? {} : { only: { ownerKeyId: caller.keyId ?? '', problemIds: [] } };
  }

  /**
   * Whether submission `id` exists and `caller` may read it (and follow its events).
   * @throws DependencyUnavailableError (503) when MongoDB is unreachable.
   */
  async mayRead(caller: Caller, id: string): Promise<boolean> {
    return this.submissions.isInScope(id, await this.readScope(caller));
  }

  /**
   * Whether `caller` may act for problem `problemId` (rejudge its submissions, follow all of their events):
   * an admin, or a setter holding it (holdsProblem). Null (an inline submission): admins only.
   * @throws DependencyUnavailableError (503) when MongoDB is unreachable.
   */
  async mayManageProblem(caller: Caller, problemId: string | null): Promise<boolean> {
    if (caller.role === Role.Admin) return true;
    if (caller.role !== Role.Setter || problemId === null) return false;
    return this.mayManage(caller, await this.problems.find(problemId));
  }

  /** `mayManageProblem` for a problem already read (null: there is none; then only an admin may). */
  mayManage(caller: Caller, problem: Pick<StoredProblem, 'ownerKeyId'> | null): boolean {
    if (caller.role === Role.Admin) return true;
    return caller.role === Role.Setter && problem !== null && holdsProblem(caller, problem);
  }
}
