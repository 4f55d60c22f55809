import { ApiProperty } from '@nestjs/swagger';
import type { SubmissionPage } from '../../persistence/submissions/submission-records.js';
import { SubmissionViewDto } from './submission-view.dto.js';

/** Response of `GET /submissions`. */
export class SubmissionPageDto implements SubmissionPage {
  @ApiProperty({ type: [SubmissionViewDto], description: 'Newest first.' })
  items: SubmissionViewDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next (older) page; null on the last page.' })
  nextCursor: string | null;
}
