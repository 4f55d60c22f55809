import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { guardConnectivity } from '../../common/dependency-errors.js';
import { isValidObjectId } from '../../common/object-id.js';
import type { InputValidationReport, VerificationEntry, VerificationView } from './verification-records.js';
import { Verification, VerificationStatus } from './verification.schema.js';

function toView(row: Verification): VerificationView {
  return {
    id: row._id.toHexString(),
    problemId: row.problemId.toHexString(),
    problemRevision: row.problemRevision,
    status: row.status,
    timeLimitMs: row.timeLimitMs ?? null,
    timeLimitDerived: row.timeLimitDerived ?? false,
    tleThresholdMs: row.tleThresholdMs ?? null,
    timeLimitApplied: row.timeLimitApplied ?? false,
    slowestAcceptedMs: row.slowestAcceptedMs ?? null,
    inputOnly: row.inputOnly ?? false,
    entries: (row.entries ?? []).map((e) => ({
      path: e.path,
      language: e.language ?? null,
      expected: e.expected,
      expectedVerdicts: e.expectedVerdicts ?? [],
      verdict: e.verdict ?? null,
      ok: e.ok ?? null,
      cpuTimeMs: e.cpuTimeMs ?? 0,
      testsRun: e.testsRun ?? 0,
      score: e.score ?? null,
      message: e.message ?? null,
    })),
    inputValidation: row.inputValidation
      ? {
          ok: row.inputValidation.ok,
          validators: row.inputValidation.validators ?? [],
          testCasesChecked: row.inputValidation.testCasesChecked ?? 0,
          invalidInputsChecked: row.inputValidation.invalidInputsChecked ?? 0,
          problems: (row.inputValidation.problems ?? []).map((p) => ({
            testCase: p.testCase ?? null,
            validator: p.validator ?? null,
            problem: p.problem,
            stderr: p.stderr ?? null,
          })),
        }
      : null,
    ok: row.ok ?? null,
    error: row.error ?? null,
    createdAt: new Date(row.createdAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  };
}

/** Verification reports (collection `verifications`), for both processes. */
@Injectable()
export class VerificationsRepository {
  constructor(@InjectModel(Verification.name) private readonly model: Model<Verification>) {}

  /** A queued verification of `problemId` at `problemRevision`; `inputOnly`: only its input validators are to run. */
  async create(problemId: string, problemRevision: number, inputOnly = false): Promise<VerificationView> {
    const doc = await guardConnectivity('MongoDB', 'saving the verification', () =>
      this.model.create({
        problemId: new Types.ObjectId(problemId),
        problemRevision,
        status: VerificationStatus.Queued,
        inputOnly,
        entries: [],
        createdAt: new Date(),
      }),
    );
    return toView(doc.toObject());
  }

  async find(id: string): Promise<VerificationView | null> {
    if (!isValidObjectId(id)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the verification', () => this.model.findById(id).lean<Verification>().exec());
    return row ? toView(row) : null;
  }

  /** Stores progress (status, time limit, entries so far). */
  async update(
    id: string,
    fields: Partial<
      Pick<
        VerificationView,
        'status' | 'timeLimitMs' | 'timeLimitDerived' | 'tleThresholdMs' | 'timeLimitApplied' | 'slowestAcceptedMs' | 'ok' | 'error'
      >
    > & {
      entries?: VerificationEntry[];
      inputValidation?: InputValidationReport;
      finished?: boolean;
    },
  ): Promise<void> {
    const { finished, ...rest } = fields;
    await guardConnectivity('MongoDB', 'saving the verification', () =>
      this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { ...rest, ...(finished ? { finishedAt: new Date() } : {}) } }).exec(),
    );
  }

  async remove(id: string): Promise<void> {
    await guardConnectivity('MongoDB', 'deleting the verification', () => this.model.deleteOne({ _id: new Types.ObjectId(id) }).exec());
  }
}
