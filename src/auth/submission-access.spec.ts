import { describe, expect, it } from 'vitest';
import type { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { ReadScope } from '../persistence/submissions/submission-records.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { openCaller } from './authenticator.js';
import type { Caller } from './caller.js';
import { Role } from './role.js';
import { SubmissionAccess } from './submission-access.js';

const P1 = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const P2 = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const owned: Record<string, string[]> = { setter: [P1] };
const problems = {
  idsOwnedBy: (key: string) => Promise.resolve(owned[key] ?? []),
  find: (id: string) => {
    const owner = Object.keys(owned).find((key) => owned[key]!.includes(id.toLowerCase()));
    return Promise.resolve(owner ? { ownerKeyId: owner } : { ownerKeyId: 'someone-else' });
  },
} as unknown as ProblemsRepository;
let asked: ReadScope | null = null;
const submissions = {
  isInScope: (_id: string, scope: ReadScope) => {
    asked = scope;
    return Promise.resolve(true);
  },
} as unknown as SubmissionsRepository;
const access = new SubmissionAccess(problems, submissions);
const caller = (role: Role, keyId: string): Caller => ({ keyId, role, name: keyId, ip: '' });

describe('SubmissionAccess', () => {
  it('gives an admin key every submission with the judge messages; the open caller every submission without them', async () => {
    expect(await access.readScope(caller(Role.Admin, 'root'))).toEqual({ judgeMessages: 'all' });
    expect(await access.readScope(openCaller('127.0.0.1'))).toEqual({});
  });

  it("gives a setter its own and its problems' submissions, with those problems' judge messages", async () => {
    expect(await access.readScope(caller(Role.Setter, 'setter'))).toEqual({
      only: { ownerKeyId: 'setter', problemIds: [P1] },
      judgeMessages: [P1],
    });
  });

  it('gives a submitter its own submissions only, never the judge messages', async () => {
    expect(await access.readScope(caller(Role.Submitter, 'alice'))).toEqual({ only: { ownerKeyId: 'alice', problemIds: [] } });
    await access.mayRead(caller(Role.Submitter, 'alice'), P2);
    expect(asked).toEqual({ only: { ownerKeyId: 'alice', problemIds: [] } });
  });

  it("lets only admins and the problem's setter manage a problem; inline submissions are the admins'", async () => {
    expect(await access.mayManageProblem(caller(Role.Admin, 'root'), null)).toBe(true);
    expect(await access.mayManageProblem(caller(Role.Setter, 'setter'), P1.toUpperCase())).toBe(true);
    expect(await access.mayManageProblem(caller(Role.Setter, 'setter'), P2)).toBe(false);
    expect(await access.mayManageProblem(caller(Role.Setter, 'setter'), null)).toBe(false);
    expect(await access.mayManageProblem(caller(Role.Submitter, 'setter'), P1)).toBe(false);
  });

  it('limits a Judge0 delete to the caller’s own submissions, unless admin', () => {
    expect(access.ownScope(caller(Role.Setter, 'setter'))).toEqual({ only: { ownerKeyId: 'setter', problemIds: [] } });
    expect(access.ownScope(caller(Role.Admin, 'root'))).toEqual({});
  });
});
