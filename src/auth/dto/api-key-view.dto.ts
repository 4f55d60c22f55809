import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../role.js';

/** An API key as listed (never its text nor its hash). */
export class ApiKeyViewDto {
  @ApiProperty({ description: 'Key id (hex ObjectId): what `DELETE /api-keys/{id}` takes and submissions record as their owner.' })
  id: string;

  @ApiProperty({ example: 'alice' })
  name: string;

  @ApiProperty({ enum: Role })
  role: Role;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was revoked; null while valid.' })
  revokedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it expires; null: never.' })
  expiresAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last use, to about a minute; null: never used.' })
  lastUsedAt: string | null;
}

/** `POST /api-keys` answer: the key's record and its text, shown this once. */
export class CreatedApiKeyDto extends ApiKeyViewDto {
  @ApiProperty({ description: 'The key itself (`vk_` + 43 characters). Shown only now; Verdict stores only its SHA-256.', example: 'vk_…' })
  key: string;
}
