/** The named limits the QuotaGuard counts, each a @nestjs/throttler throttler of that name. */
export enum QuotaName {
  /** Every HTTP request. */
  Requests = 'requests',
  /** Submissions accepted (`@SubmissionQuota()` routes). */
  Submissions = 'submissions',
  /** Problems created or imported (`@ProblemWriteQuota()` routes). */
  ProblemWrites = 'problem-writes',
}

/** A counted limit: its window and how a refusal names it. */
export interface QuotaLimit {
  name: QuotaName;
  /** The environment variable that sets it (named in every 429). */
  envVar: string;
  /** Window length, ms. */
  windowMs: number;
  /** What is counted, plural (`submissions`), and the window's name (`minute`). */
  what: string;
  per: 'minute' | 'hour';
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Every counted limit, by name: the one place their windows and variables are written. */
export const QUOTA_LIMITS: Readonly<Record<QuotaName, QuotaLimit>> = {
  [QuotaName.Requests]: {
    name: QuotaName.Requests,
    envVar: 'RATE_LIMIT_REQUESTS_PER_MINUTE',
    windowMs: MINUTE_MS,
    what: 'requests',
    per: 'minute',
  },
  [QuotaName.Submissions]: {
    name: QuotaName.Submissions,
    envVar: 'QUOTA_SUBMISSIONS_PER_MINUTE',
    windowMs: MINUTE_MS,
    what: 'submissions',
    per: 'minute',
  },
  [QuotaName.ProblemWrites]: {
    name: QuotaName.ProblemWrites,
    envVar: 'QUOTA_PROBLEM_WRITES_PER_HOUR',
    windowMs: HOUR_MS,
    what: 'problems created or imported',
    per: 'hour',
  },
};
