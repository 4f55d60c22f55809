import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, Min } from 'class-validator';
import type { DefaultValidatorSettings } from '../../../libs/judging/index.js';

/**
 * The ICPC default output validator's flags (Kattis' names in parentheses), each optional: a problem's
 * (`checker` of `POST /problems`) or an inline submission's (`checker` of `POST /submissions`).
 * Tolerances are non-negative finite numbers; what they mean is libs/judging's `defaultValidatorOptionsOf`.
 */
export class DefaultCheckerDto implements DefaultValidatorSettings {
  @ApiPropertyOptional({ description: 'Compare tokens case-sensitively (`case_sensitive`); default false: case-insensitive.' })
  @IsOptional()
  @IsBoolean()
  caseSensitive?: boolean;

  @ApiPropertyOptional({
    description: 'Whitespace must match exactly, not only separate tokens (`space_change_sensitive`); default false.',
  })
  @IsOptional()
  @IsBoolean()
  spaceChangeSensitive?: boolean;

  @ApiPropertyOptional({
    description: 'A float token of the answer accepts an output within this absolute distance (`float_absolute_tolerance`).',
    minimum: 0,
    example: 1e-6,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  floatAbsoluteTolerance?: number;

  @ApiPropertyOptional({
    description: "... or within this distance relative to the answer's value (`float_relative_tolerance`).",
    minimum: 0,
    example: 1e-6,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  floatRelativeTolerance?: number;

  @ApiPropertyOptional({
    description: 'Sets both tolerances (`float_tolerance`); an explicit absolute or relative tolerance wins for its kind.',
    minimum: 0,
    example: 1e-6,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  floatTolerance?: number;
}
