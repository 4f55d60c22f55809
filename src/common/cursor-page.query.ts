import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { decodeCursor, DEFAULT_PAGE_SIZE, INVALID_CURSOR_MESSAGE, MAX_PAGE_SIZE, type PageRequest } from './cursor-page.js';
import { InvalidRequestException } from './invalid-request.exception.js';

/** `cursor` must be empty (the first page) or a cursor this API produced. */
function IsPageCursor(): PropertyDecorator {
  return ValidateBy({
    name: 'isPageCursor',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || value === '' || decodeCursor(value) !== null,
      defaultMessage: () => INVALID_CURSOR_MESSAGE,
    },
  });
}

/**
 * Query of every cursor-paginated list (`GET /submissions`, `GET /problems`): page size
 * 1..MAX_PAGE_SIZE (default DEFAULT_PAGE_SIZE) and the previous page's `nextCursor`. A bad value
 * is a 400 naming it (`limit must not be greater than 100`, `cursor is not valid; ...`).
 */
export class CursorPageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    description: `Page size, 1..${MAX_PAGE_SIZE}.`,
    default: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @IsPageCursor()
  cursor?: string;
}

/**
 * The store's view of a validated query: the page size (default DEFAULT_PAGE_SIZE) and the id the
 * cursor names. An empty cursor means the first page.
 * @throws InvalidRequestException (400, INVALID_CURSOR_MESSAGE) for a cursor this API did not produce
 *   (the validation pipe refuses it first; this guards callers that skip the pipe).
 */
export function pageRequestOf(query: CursorPageQuery): PageRequest {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!query.cursor) return { limit };
  const beforeId = decodeCursor(query.cursor);
  if (!beforeId) throw new InvalidRequestException(INVALID_CURSOR_MESSAGE);
  return { limit, beforeId };
}
