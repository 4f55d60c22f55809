import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Logger, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiCommonErrors, ApiErrorResponse, ApiJsonBodyErrors } from '../common/api-error-response.decorator.js';
import type { ApiKeyRecord } from '../persistence/api-keys/api-key-records.js';
import { ApiKeysService } from './api-keys.service.js';
import type { Caller } from './caller.js';
import { CurrentCaller } from './current-caller.decorator.js';
import { ApiAuthErrors } from './api-auth-errors.decorator.js';
import { ApiKeyViewDto, CreatedApiKeyDto } from './dto/api-key-view.dto.js';
import { CreateApiKeyDto } from './dto/create-api-key.dto.js';
import { Role } from './role.js';
import { Roles } from './roles.decorator.js';

/** A stored key's record as the API shows it (its role is one of Role's values: only the API writes keys). */
function viewOf(record: ApiKeyRecord): ApiKeyViewDto {
  return { ...record, role: record.role as Role };
}

/** `/api-keys`: creating, listing and revoking API keys; admin only (docs/auth.md). */
@ApiTags('api-keys')
@ApiSecurity('x-api-key')
@ApiAuthErrors()
@ApiCommonErrors('MongoDB is unreachable; retry after `Retry-After` seconds.')
@Roles(Role.Admin)
@Controller('api-keys')
export class ApiKeysController {
  private readonly logger = new Logger(ApiKeysController.name);

  constructor(private readonly keys: ApiKeysService) {}

  /** `POST /api-keys`: 201 with the key's record and its text, shown this once. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an API key', description: 'The answer holds the key itself, once: only its SHA-256 is stored.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiJsonBodyErrors('A rule is broken; `details` lists each as `{ field, rule }`. Nothing is stored.')
  async create(@Body() dto: CreateApiKeyDto, @CurrentCaller() caller: Caller): Promise<CreatedApiKeyDto> {
    const { key, record } = await this.keys.create(dto.name, dto.role, dto.expiresInDays);
    this.logger.log({ keyId: record.id, role: record.role, by: caller.keyId ?? 'open' }, `API key '${record.name}' created`);
    return { ...viewOf(record), key };
  }

  /** `GET /api-keys`: every key (up to 1000, newest first), never a key's text or hash. */
  @Get()
  @ApiOperation({ summary: 'List API keys, newest first', description: 'At most 1000. Never shows a key or its hash.' })
  @ApiOkResponse({ type: [ApiKeyViewDto] })
  async list(): Promise<ApiKeyViewDto[]> {
    return (await this.keys.list()).map(viewOf);
  }

  /** `DELETE /api-keys/:id`: revokes the key (200 with its record); other API processes stop accepting it within 30 s. */
  @Delete(':id')
  @ApiOperation({
    summary: 'Revoke an API key',
    description: 'At once in the API process that answers; within 30 s (the key cache) in the others. Revoking twice keeps the first time.',
  })
  @ApiOkResponse({ type: ApiKeyViewDto })
  @ApiErrorResponse(404, 'No such key.')
  async revoke(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<ApiKeyViewDto> {
    const record = await this.keys.revoke(id);
    if (!record) throw new NotFoundException(`API key ${id} not found`);
    this.logger.log({ keyId: record.id, by: caller.keyId ?? 'open' }, `API key '${record.name}' revoked`);
    return viewOf(record);
  }
}
