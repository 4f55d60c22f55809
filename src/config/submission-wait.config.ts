import type { ConfigType } from '@nestjs/config';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';
import { SWITCH, type Switch } from './switch.js';

/** `POST /submissions?wait=true`: holding the request until the verdict (API; README "Waiting for the verdict"). */
export class SubmissionWaitEnv {
  /** Whether `wait=true` waits; `false`: it is answered as if it were not given (201 `{ id, status }` at once). */
  @IsIn(SWITCH, { message: 'SUBMISSION_WAIT_ENABLED must be true or false' })
  SUBMISSION_WAIT_ENABLED: Switch = 'true';

  /** Longest a `wait=true` request is held, ms; then it is answered 202 with `{ id, status }`. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  SUBMISSION_WAIT_MAX_MS: number = 15_000;
}

/** `submissionWait` namespace. */
export const submissionWaitConfig = defineConfig('submissionWait', SubmissionWaitEnv, (env) => ({
  enabled: env.SUBMISSION_WAIT_ENABLED === 'true',
  maxMs: env.SUBMISSION_WAIT_MAX_MS,
}));
export type SubmissionWaitConfig = ConfigType<typeof submissionWaitConfig>;
