import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { LanguageInfo } from '../../libs/contracts/index.js';
import { LanguageInfoDto } from './dto/language-info.dto.js';
import { LanguagesService } from './languages.service.js';

@ApiTags('languages')
@Controller('languages')
export class LanguagesController {
  constructor(private readonly languages: LanguagesService) {}

  /** `GET /languages`: what the workers can judge, with detected toolchain versions; 503 when no worker answers within 2 s. */
  @Get()
  @ApiOkResponse({ type: [LanguageInfoDto] })
  @ApiServiceUnavailableResponse({ description: 'No worker answered.' })
  list(): Promise<LanguageInfo[]> {
    return this.languages.list();
  }
}
