import { ApiProperty } from '@nestjs/swagger';
import type { SubmissionView } from '../../../libs/contracts/index.js';
import type { CursorPage } from '../../common/cursor-page.js';
import { SubmissionSummaryDto } from './submission-view.dto.js';

/** OpenAPI description of `GET /submissions`' CursorPage (src/common/cursor-page.ts). */
export class SubmissionPageDto implements CursorPage<SubmissionView> {
  @ApiProperty({ type: [SubmissionSummaryDto], description: 'Newest first, without source code.' })
  items: SubmissionSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the next (older) page (pass it as `cursor`); null on the last page.',
  })
  nextCursor: string | null;
}
