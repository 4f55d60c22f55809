import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** Query of a cursor-paginated list (`GET /submissions`, `GET /problems`): page size 1..100 and the previous page's `nextCursor`. */
export class CursorPageQuery {
  @ApiPropertyOptional({ description: 'Page size, 1..100.', default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
