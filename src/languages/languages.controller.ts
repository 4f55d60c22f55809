import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LanguageInfo } from '../../libs/contracts/index.js';
import { ApiCommonErrors } from '../common/api-error-response.decorator.js';
import { LanguageInfoDto } from './dto/language-info.dto.js';
import { LanguagesService } from './languages.service.js';

@ApiTags('languages')
@Controller('languages')
export class LanguagesController {
  constructor(private readonly languages: LanguagesService) {}

  /** `GET /languages`: what the workers can judge, with detected toolchain versions; 503 when no worker answers within 2 s. */
  @Get()
  @ApiOperation({ summary: 'List the languages the workers can judge', description: 'With the toolchain versions they detected.' })
  @ApiOkResponse({ type: [LanguageInfoDto] })
  @ApiCommonErrors('No worker answered within 2 s (or Redis is unreachable).')
  list(): Promise<LanguageInfo[]> {
    return this.languages.list();
  }
}
