import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CursorPageQuery } from '../../common/cursor-page.query.js';

/**
 * Query of `GET /submissions`: a cursor page, optionally only the submissions judged against one
 * problem (`problemId`, 24 hex digits; anything else is a 400 naming the field).
 */
export class SubmissionListQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'Only submissions judged against this problem (24 hex digits).' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{24}$/, { message: 'problemId must be a 24-character hex string' })
  problemId?: string;
}
