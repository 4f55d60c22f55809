import { ApiProperty } from '@nestjs/swagger';

/** Response of `POST /problems/:id/rejudge`. */
export class RejudgeResultDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Finished submissions queued again.' })
  rejudged: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Submissions left alone because they are queued or being judged.' })
  skipped: number;
}
