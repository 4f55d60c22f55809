import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { SLUG_PATTERN } from './create-problem.dto.js';

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
  },
};
