import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Role } from '../role.js';

/** Longest a key may live when it expires, days (10 years). */
const MAX_EXPIRES_IN_DAYS = 3650;

/** `POST /api-keys` body. */
export class CreateApiKeyDto {
  @ApiProperty({ description: 'Who or what the key is for (1..100 printable characters), shown in listings and logs.', example: 'alice' })
  @IsString()
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must be 1 to 100 characters without control characters' })
  name: string;

  @ApiProperty({ enum: Role, description: 'What the key may do (docs/auth.md).' })
  @IsIn(Object.values(Role), { message: `role must be one of: ${Object.values(Role).join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ description: 'Days until the key expires (may be fractional); absent: never.', minimum: 0.001, maximum: 3650 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.001)
  @Max(MAX_EXPIRES_IN_DAYS)
  expiresInDays?: number;
}
