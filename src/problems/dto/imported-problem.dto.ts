import { ApiProperty } from '@nestjs/swagger';
import { ProblemViewDto } from './problem-view.dto.js';
import { VerificationViewDto } from './verification-view.dto.js';

/**
 * The answer of `POST /problems/import`: the problem, and the verification its import queued when
 * the package has input validators (only they run: poll `GET /problems/:id/verifications/:verificationId`).
 */
export class ImportedProblemDto extends ProblemViewDto {
  @ApiProperty({
    type: VerificationViewDto,
    nullable: true,
    description:
      'The input validation the import queued (inputOnly) when the package has input validators; null when it has none. Its `inputValidation` tells whether the test data is valid.',
  })
  verification: VerificationViewDto | null;
}
