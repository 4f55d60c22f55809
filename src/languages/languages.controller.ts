import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { LanguageAvailabilityDto } from './dto/language-availability.dto.js';
import { LanguagesService, type LanguageAvailability } from './languages.service.js';

@ApiTags('languages')
@Controller('languages')
export class LanguagesController {
  constructor(private readonly languages: LanguagesService) {}

  /**
   * `GET /languages`: what the workers can judge, with detected toolchain versions (`served: true`);
   * while no worker has answered yet, the language table (`served: false`). 503 when Redis is down.
   */
  @Get()
  @ApiOperation({ summary: 'Languages the workers judge (or, before any worker answered, the language table)' })
  @ApiOkResponse({ type: [LanguageAvailabilityDto] })
  @ApiServiceUnavailableResponse({ description: 'Redis is unavailable.' })
  list(): Promise<LanguageAvailability[]> {
    return this.languages.list();
  }
}
