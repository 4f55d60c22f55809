import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorBody, ErrorDetail } from './error-body.js';

/** OpenAPI description of ErrorDetail (src/common/error-body.ts). */
export class ErrorDetailDto implements ErrorDetail {
  @ApiProperty({
    description: 'Dotted path of the field (`testCases.0.input`), or what the rule is about (`body`).',
    example: 'limits.cpuTimeMs',
  })
  field: string;

  @ApiProperty({ description: 'The rule, read after the field.', example: 'must not be greater than 10000' })
  rule: string;
}

/** OpenAPI description of ErrorBody (src/common/error-body.ts): the body of every 4xx and 5xx of the API. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated.', example: 400 })
  statusCode: number;

  @ApiProperty({ description: "The status's reason phrase.", example: 'Bad Request' })
  error: string;

  @ApiProperty({
    description: 'What was wrong, one readable string; for a 400, every broken rule as `<field> <rule>`, joined by `; `.',
    example: 'limits.cpuTimeMs must not be greater than 10000',
  })
  message: string;

  @ApiPropertyOptional({ type: [ErrorDetailDto], description: 'A 400: each broken rule (nothing was stored).' })
  details?: ErrorDetailDto[];
}
