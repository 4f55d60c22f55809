import { ApiProperty } from '@nestjs/swagger';
import { SubmissionStatus } from '../../../libs/contracts/index.js';

/** Response of `POST /submissions` (201): the stored submission's id, status `queued`. */
export class CreatedSubmissionDto {
  @ApiProperty({ pattern: '^[0-9a-f]{24}$', description: 'The submission id.', example: '665f1c2e9b1e8a3d4c5b6a79' })
  id: string;

  @ApiProperty({ enum: SubmissionStatus, example: SubmissionStatus.Queued })
  status: SubmissionStatus;
}
