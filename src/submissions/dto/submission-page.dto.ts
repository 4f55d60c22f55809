import { ApiProperty } from '@nestjs/swagger';
import type { SubmissionView } from '../../../libs/contracts/index.js';
import type { CursorPage } from '../../common/cursor-page.js';
import { SubmissionViewDto } from './submission-view.dto.js';

/** OpenAPI description of `GET /submissions`' CursorPage (src/common/cursor-page.ts). */
export class SubmissionPageDto implements CursorPage<SubmissionView> {
  @ApiProperty({ type: [SubmissionViewDto], description: 'Newest first.' })
  items: SubmissionViewDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next (older) page; null on the last page.' })
  nextCursor: string | null;
}
