import { ApiProperty } from '@nestjs/swagger';

/** Response of `POST /problems/:id/rejudge`. */
export class RejudgeResultDto {
  @ApiProperty({ description: 'Finished submissions queued again.' })
  rejudged: number;

  @ApiProperty({ description: 'Submissions left alone because they are queued or being judged.' })
  skipped: number;
}
