import { describe, expect, it } from 'vitest';
import type { Caller } from '../auth/caller.js';
import { Role } from '../auth/role.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { QuotaExceededException } from './quota-exceeded.exception.js';
import { UnfinishedSubmissionsGate } from './unfinished-submissions.gate.js';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const submitter: Caller = { keyId: A, role: Role.Submitter, name: 'a', ip: '10.0.0.1' };
const admin: Caller = { keyId: 'bbbbbbbbbbbbbbbbbbbbbbbb', role: Role.Admin, name: 'b', ip: '10.0.0.1' };
const open: Caller = { keyId: null, role: Role.Admin, name: 'open', ip: '127.0.0.1' };

function gate(unfinished: Record<string, number>, cap = 2): { gate: UnfinishedSubmissionsGate; asked: (string | null)[] } {
  const asked: (string | null)[] = [];
  const repo = {
    countUnfinishedByOwner: (owner: string | null) => {
      asked.push(owner);
      return Promise.resolve(unfinished[owner ?? 'null'] ?? 0);
    },
  } as unknown as SubmissionsRepository;
  return { gate: new UnfinishedSubmissionsGate(repo, { unfinishedSubmissions: cap, unfinishedRetryAfterS: 7, exemptAdmin: true }), asked };
}

describe('UnfinishedSubmissionsGate', () => {
  it('lets a request through while the key has room for all it brings, and refuses one that does not fit with 429 naming the cap', async () => {
    await gate({ [A]: 1 }).gate.refuseIfNoRoom(submitter, 1);
    const refused = await gate({ [A]: 1 })
      .gate.refuseIfNoRoom(submitter, 2)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QuotaExceededException);
    expect((refused as QuotaExceededException).getStatus()).toBe(429);
    expect((refused as QuotaExceededException).retryAfterSeconds).toBe(7);
    expect((refused as QuotaExceededException).message).toMatch(
      /at most 2 unfinished submissions per API key \(QUOTA_UNFINISHED_SUBMISSIONS\)/,
    );
  });

  it('after a store counts the new submission itself: refuses only past the cap', async () => {
    await gate({ [A]: 2 }).gate.refuseIfOver(submitter);
    await expect(gate({ [A]: 3 }).gate.refuseIfOver(submitter)).rejects.toBeInstanceOf(QuotaExceededException);
  });

  it('counts by the owner key; open callers together (owner null); admin keys are exempt; 0 is off', async () => {
    const counted = gate({ null: 5 });
    await expect(counted.gate.refuseIfNoRoom(open, 1)).rejects.toThrow(/for all open callers together/);
    await counted.gate.refuseIfNoRoom(submitter, 1);
    expect(counted.asked).toEqual([null, A]);
    const exempt = gate({ bbbbbbbbbbbbbbbbbbbbbbbb: 99 });
    await exempt.gate.refuseIfNoRoom(admin, 1);
    expect(exempt.asked).toEqual([]);
    await gate({ [A]: 99 }, 0).gate.refuseIfNoRoom(submitter, 1);
  });
});
