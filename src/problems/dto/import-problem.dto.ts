import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { TIME_LIMIT_SOURCES, type TimeLimitSource } from '../../persistence/problems/problem-records.js';
import { SLUG_PATTERN, TIME_LIMIT_SOURCE_DESCRIPTION, TIME_LIMIT_SOURCE_MESSAGE } from './create-problem.dto.js';

/**
 * Text fields of `POST /problems/import` (multipart/form-data); the zip itself is the file field
 * `package` (see IMPORT_BODY_SCHEMA).
 */
export class ImportProblemDto {
  @ApiPropertyOptional({ description: "Slug of the new problem; default: the zip's top directory or file name.", example: 'aplusb' })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 1 to 64 characters of a-z 0-9 - _, starting with a letter or digit' })
  slug?: string;

  @ApiPropertyOptional({
    enum: TIME_LIMIT_SOURCES,
    description: `${TIME_LIMIT_SOURCE_DESCRIPTION} Default: \`derived\` when the package states no time limit, else \`package\`.`,
  })
  @IsOptional()
  @IsIn(TIME_LIMIT_SOURCES, { message: TIME_LIMIT_SOURCE_MESSAGE })
  timeLimitSource?: TimeLimitSource;
}

/** OpenAPI schema of the whole multipart body. */
export const IMPORT_BODY_SCHEMA = {
  type: 'object',
  required: ['package'],
  properties: {
    package: {
      type: 'string',
      format: 'binary',
      description: 'The problem package zip (ICPC/Kattis legacy, 2023-07-draft, 2025-09, or DOMjudge).',
    },
    slug: { type: 'string', description: "Slug of the new problem; default: the zip's top directory or file name." },
    timeLimitSource: {
      type: 'string',
      enum: [...TIME_LIMIT_SOURCES],
      description: `${TIME_LIMIT_SOURCE_DESCRIPTION} Default: \`derived\` when the package states no time limit, else \`package\`.`,
    },
  },
};
